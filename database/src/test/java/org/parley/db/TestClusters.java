package org.parley.db;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import org.parley.testing.Directories;

/**
 * initdb costs seconds, so tests that only need "an existing embedded database" copy one that was
 * made (and cleanly shut down) once per test JVM.
 */
final class TestClusters {
    private static Path template;

    private TestClusters() {}

    /**
     * Fills the empty or missing {@code target} with a copy of a migrated, cleanly stopped embedded
     * database.
     */
    static synchronized void copyInto(Path target) throws IOException {
        if (template == null) {
            Path dir = Files.createTempDirectory("parley-db-template");
            Runtime.getRuntime()
                    .addShutdownHook(
                            new Thread(
                                    // best effort at JVM exit
                                    () -> Directories.deleteRecursively(dir, (path, e) -> {})));
            Database.start(DatabaseConfig.embedded(dir).withMaxPoolSize(1)).close();
            template = dir;
        }
        Files.walkFileTree(
                template,
                new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs)
                            throws IOException {
                        Path copy = target.resolve(template.relativize(d).toString());
                        if (!Files.isDirectory(copy)) {
                            Files.copy(d, copy, StandardCopyOption.COPY_ATTRIBUTES);
                        }
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFile(Path f, BasicFileAttributes attrs)
                            throws IOException {
                        if (!f.getFileName().toString().equals(EmbeddedServer.LOCK_FILE)) {
                            Files.copy(
                                    f,
                                    target.resolve(template.relativize(f).toString()),
                                    StandardCopyOption.COPY_ATTRIBUTES);
                        }
                        return FileVisitResult.CONTINUE;
                    }
                });
    }
}
