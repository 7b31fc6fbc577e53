package org.parley.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The schema only moves forward: released migrations stay byte for byte as released, versions never
 * repeat.
 */
class MigrationFilesTest {

    private static final Pattern NAME = Pattern.compile("V([1-9][0-9]*)__[a-z0-9_]+\\.sql");

    @Test
    void releasedMigrationsAreUnchanged() throws Exception {
        Map<String, Path> files = migrationFiles();
        Map<String, String> released = released();
        assertThat(released).as("released-migrations.txt").isNotEmpty();
        for (Map.Entry<String, String> r : released.entrySet()) {
            assertThat(files)
                    .as("released migration %s must stay", r.getKey())
                    .containsKey(r.getKey());
            assertThat(sha256(files.get(r.getKey())))
                    .as(
                            "%s was released and must not be edited; add a new V<n>__*.sql instead",
                            r.getKey())
                    .isEqualTo(r.getValue());
        }
    }

    @Test
    void migrationsAreNamedAndNumberedForward() throws Exception {
        Map<String, Path> files = migrationFiles();
        assertThat(files).isNotEmpty();
        Map<Integer, String> byVersion = new TreeMap<>();
        for (String name : files.keySet()) {
            Matcher m = NAME.matcher(name);
            assertThat(m.matches())
                    .as("%s must be named V<n>__<lower_snake_description>.sql", name)
                    .isTrue();
            String previous = byVersion.put(Integer.parseInt(m.group(1)), name);
            assertThat(previous).as("version of %s is already used", name).isNull();
        }
        int highestReleased =
                released().keySet().stream()
                        .map(n -> NAME.matcher(n))
                        .filter(Matcher::matches)
                        .mapToInt(m -> Integer.parseInt(m.group(1)))
                        .max()
                        .orElse(0);
        for (Map.Entry<Integer, String> v : byVersion.entrySet()) {
            if (!released().containsKey(v.getValue())) {
                assertThat(v.getKey())
                        .as(
                                "new migration %s must come after the released V%d",
                                v.getValue(), highestReleased)
                        .isGreaterThan(highestReleased);
            }
        }
    }

    private static Map<String, Path> migrationFiles() throws URISyntaxException, IOException {
        URL url = MigrationFilesTest.class.getClassLoader().getResource("db/migration");
        assertThat(url).as("db/migration on the class path").isNotNull();
        try (Stream<Path> paths = Files.list(Path.of(url.toURI()))) {
            return paths.filter(Files::isRegularFile)
                    .collect(
                            Collectors.toMap(
                                    p -> p.getFileName().toString(),
                                    p -> p,
                                    (a, b) -> a,
                                    TreeMap::new));
        }
    }

    private static Map<String, String> released() throws IOException {
        try (InputStream in =
                MigrationFilesTest.class.getResourceAsStream("/released-migrations.txt")) {
            assertThat(in).isNotNull();
            List<String> lines =
                    List.of(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n"));
            Map<String, String> result = new TreeMap<>();
            for (String line : lines) {
                String l = line.strip();
                if (!l.isEmpty() && !l.startsWith("#")) {
                    String[] parts = l.split("\\s+");
                    result.put(parts[0], parts[1]);
                }
            }
            return result;
        }
    }

    private static String sha256(Path file) throws IOException, NoSuchAlgorithmException {
        return HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
