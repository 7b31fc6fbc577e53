package org.parley.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.function.BiConsumer;
import java.util.stream.Stream;

/** Clean-up of the directories tests make. */
public final class Directories {
    private Directories() {}

    /**
     * Deletes {@code dir} and everything in it as far as it can (best effort, as clean-up after a
     * test is): each path it cannot delete or walk is handed to {@code onFailure} and the rest goes
     * on.
     */
    public static void deleteRecursively(Path dir, BiConsumer<Path, IOException> onFailure) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder())
                    .forEach(
                            path -> {
                                try {
                                    Files.deleteIfExists(path);
                                } catch (IOException e) {
                                    onFailure.accept(path, e);
                                }
                            });
        } catch (IOException e) {
            onFailure.accept(dir, e);
        }
    }
}
