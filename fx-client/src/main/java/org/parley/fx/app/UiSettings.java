package org.parley.fx.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.parley.client.store.PropertiesFile;
import org.parley.fx.common.Theme;

/**
 * The desktop client's own small settings file ({@code fx-client.properties} beside client-core's
 * {@code client.properties}): the theme. No secrets. Read before the first window, written off the
 * UI thread.
 */
public final class UiSettings {
    public static final String FILE = "fx-client.properties";
    private static final String THEME = "theme";

    private final PropertiesFile file;

    public UiSettings(Path profilesRoot) {
        this.file = new PropertiesFile(profilesRoot.resolve(FILE));
    }

    public Theme theme(Theme fallback) {
        return Theme.parse(file.load().getProperty(THEME), fallback);
    }

    /** Best effort: a settings file that cannot be written is not worth an error. */
    public synchronized void saveTheme(Theme theme) {
        Properties p = file.load();
        p.setProperty(THEME, theme.name().toLowerCase(java.util.Locale.ROOT));
        try {
            Files.createDirectories(file.path().getParent());
            file.store(p, "Parley desktop client settings");
        } catch (IOException e) {
            // keep the choice for this run only
        }
    }
}
