package org.parley.client.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;

/**
 * A small properties file of non-secret settings: read leniently, replaced atomically. Its
 * directory is the caller's to create.
 */
public final class PropertiesFile {
    private final Path file;

    public PropertiesFile(Path file) {
        this.file = file;
    }

    public Path path() {
        return file;
    }

    /** The file's properties; none when it is missing or unreadable. */
    public Properties load() {
        Properties p = new Properties();
        if (Files.isRegularFile(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                p.load(in);
            } catch (IOException | IllegalArgumentException e) {
                return new Properties(); // unreadable settings are not worth failing over
            }
        }
        return p;
    }

    /** Replaces the file with {@code properties} in one step (written beside it, then moved). */
    public void store(Properties properties, String comment) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            properties.store(out, comment);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
