package org.parley.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The core drives the UI, the CLI, tests and benchmarks, so it must never depend on JavaFX. */
class NoJavaFxTest {
    @Test
    void mainSourcesDoNotImportJavaFx() throws IOException {
        Path main = Path.of("src/main/java");
        List<Path> offenders;
        try (Stream<Path> files = Files.walk(main)) {
            offenders =
                    files.filter(p -> p.toString().endsWith(".java"))
                            .filter(
                                    p -> {
                                        try {
                                            return Files.readString(p).contains("javafx.");
                                        } catch (IOException e) {
                                            throw new java.io.UncheckedIOException(e);
                                        }
                                    })
                            .toList();
        }
        assertThat(offenders).isEmpty();
    }
}
