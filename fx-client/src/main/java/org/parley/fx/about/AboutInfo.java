package org.parley.fx.about;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Properties;

/**
 * What the About box says: the build's version (from the root pom, filtered into {@code
 * version.properties}), the runtime it runs on and where this device keeps its profiles. Plain
 * data, read once; nothing here touches JavaFX's scene graph.
 */
public record AboutInfo(String version, String java, String javafx, String os, Path profiles) {
    private static final String VERSION_RESOURCE = "/org/parley/fx/version.properties";

    public AboutInfo {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(java, "java");
        Objects.requireNonNull(javafx, "javafx");
        Objects.requireNonNull(os, "os");
        Objects.requireNonNull(profiles, "profiles");
    }

    /** This process's figures. */
    public static AboutInfo current(Path profiles) {
        return new AboutInfo(
                buildVersion(),
                System.getProperty("java.vm.name", "Java")
                        + " "
                        + System.getProperty("java.runtime.version", "?"),
                System.getProperty("javafx.runtime.version", "?"),
                System.getProperty("os.name", "?")
                        + " "
                        + System.getProperty("os.version", "")
                        + " ("
                        + System.getProperty("os.arch", "?")
                        + ")",
                profiles);
    }

    /** The version Maven filtered in; "development build" when run from unfiltered classes. */
    public static String buildVersion() {
        Properties properties = new Properties();
        try (InputStream in = AboutInfo.class.getResourceAsStream(VERSION_RESOURCE)) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String version = properties.getProperty("version", "");
        return version.isBlank() || version.contains("${") ? "development build" : version;
    }

    /** The lines a user can copy into a bug report. */
    public String asText() {
        return "Parley "
                + version
                + "\n"
                + "Java: "
                + java
                + "\n"
                + "JavaFX: "
                + javafx
                + "\n"
                + "OS: "
                + os
                + "\n"
                + "Profiles: "
                + profiles;
    }
}
