package org.parley.client;

import java.nio.file.Path;
import java.util.Locale;

/** Where a desktop user's Parley data lives by default, per platform conventions. */
public final class DataDirs {
    private DataDirs() {}

    /**
     * {@code $XDG_DATA_HOME/parley/profiles} (default {@code ~/.local/share/parley/profiles}) on
     * Linux, {@code %APPDATA%\Parley\profiles} on Windows, {@code ~/Library/Application
     * Support/Parley/profiles} on macOS.
     */
    public static Path defaultProfilesRoot() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        Path home = Path.of(System.getProperty("user.home"));
        if (os.contains("win")) {
            String appData = System.getenv("APPDATA");
            Path base =
                    appData != null && !appData.isBlank()
                            ? Path.of(appData)
                            : home.resolve("AppData").resolve("Roaming");
            return base.resolve("Parley").resolve("profiles");
        }
        if (os.contains("mac")) {
            return home.resolve("Library")
                    .resolve("Application Support")
                    .resolve("Parley")
                    .resolve("profiles");
        }
        String xdg = System.getenv("XDG_DATA_HOME");
        Path base =
                xdg != null && !xdg.isBlank()
                        ? Path.of(xdg)
                        : home.resolve(".local").resolve("share");
        return base.resolve("parley").resolve("profiles");
    }
}
