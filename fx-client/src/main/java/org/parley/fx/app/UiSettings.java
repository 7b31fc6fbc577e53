package org.parley.fx.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;
import org.parley.fx.common.Theme;

/**
 * The desktop client's own small settings file ({@code fx-client.properties} beside client-core's
 * {@code client.properties}): the theme. No secrets. Read before the first window, written off the
 * UI thread.
 */
public final class UiSettings {
    public static final String FILE = "fx-client.properties";
    private static final String THEME = "theme";

    private final Path file;

    public UiSettings(Path profilesRoot) {
        this.file = profilesRoot.resolve(FILE);
    }

    public Theme theme(Theme fallback) {
        return Theme.parse(load().getProperty(THEME), fallback);
    }

    /** Best effort: a settings file that cannot be written is not worth an error. */
    public synchronized void saveTheme(Theme theme) {
        Properties p = load();
        p.setProperty(THEME, theme.name().toLowerCase(java.util.Locale.ROOT));
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(FILE + ".tmp");
            try (OutputStream out = Files.newOutputStream(tmp)) {
                p.store(out, "Parley desktop client settings");
            }
            Files.move(
                    tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            // keep the choice for this run only
        }
    }

    private Properties load() {
        Properties p = new Properties();
        if (Files.isRegularFile(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                p.load(in);
            } catch (IOException | IllegalArgumentException e) {
                return new Properties();
            }
        }
        return p;
    }
}
