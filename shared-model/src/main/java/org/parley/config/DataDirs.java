package org.parley.config;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Per-user default locations for application data. Computes paths only; creates nothing. */
public final class DataDirs {

    private DataDirs() {}

    /**
     * The per-user data directory of {@code app}: Linux and other Unix: {@code
     * $XDG_DATA_HOME/<app>} when that is set to an absolute path, else {@code
     * ~/.local/share/<app>}; Windows: {@code %APPDATA%\<app>} (else {@code
     * ~\AppData\Roaming\<app>}); macOS: {@code ~/Library/Application Support/<app>}.
     *
     * @throws IllegalArgumentException if {@code app} is blank or not a plain directory name
     */
    public static Path userDataDir(String app) {
        return userDataDir(
                app,
                System.getProperty("os.name", ""),
                System.getenv(),
                System.getProperty("user.home"));
    }

    static Path userDataDir(String app, String osName, Map<String, String> env, String userHome) {
        if (app == null || !app.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
            throw new IllegalArgumentException(
                    "app must be a plain directory name (letters, digits, '.', '_', '-'; at most 64), was "
                            + app);
        }
        if (userHome == null || userHome.isBlank()) {
            throw new IllegalStateException("user.home is not set");
        }
        Path home = Path.of(userHome);
        String os = osName.toLowerCase(Locale.ROOT);
        if (os.startsWith("windows")) {
            return absoluteOr(env.get("APPDATA"), home.resolve("AppData").resolve("Roaming"))
                    .resolve(app);
        }
        if (os.startsWith("mac") || os.startsWith("darwin")) {
            return home.resolve("Library").resolve("Application Support").resolve(app);
        }
        // XDG Base Directory spec: a relative XDG_DATA_HOME is invalid and must be ignored.
        return absoluteOr(env.get("XDG_DATA_HOME"), home.resolve(".local").resolve("share"))
                .resolve(app);
    }

    /** {@code path} when it is an absolute path, else {@code fallback}. */
    private static Path absoluteOr(@Nullable String path, Path fallback) {
        if (path == null || path.isBlank()) {
            return fallback;
        }
        try {
            Path candidate = Path.of(path);
            return candidate.isAbsolute() ? candidate : fallback;
        } catch (RuntimeException e) {
            return fallback;
        }
    }
}
