package org.parley.crypto;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.function.Executable;

/** Loads the shared test vectors; a missing file is a test failure, never a skip. */
final class TestVectors {

    private TestVectors() {}

    static Path directory() {
        String configured = System.getProperty("parley.shared.dir");
        // Surefire passes the property; an IDE run from the module directory falls back to
        // ../../shared.
        Path shared =
                configured == null || configured.isBlank()
                        ? Path.of("..", "..", "shared")
                        : Path.of(configured);
        return shared.resolve("testvectors").toAbsolutePath().normalize();
    }

    static JsonObject load(String fileName) {
        Path file = directory().resolve(fileName);
        if (!Files.isRegularFile(file)) {
            throw new AssertionError(
                    "Test vector file "
                            + file
                            + " is missing; set -Dparley.shared.dir to the"
                            + " directory that holds testvectors/");
        }
        try {
            JsonElement root =
                    JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8));
            return root.getAsJsonObject();
        } catch (IOException e) {
            throw new AssertionError("Cannot read " + file, e);
        }
    }

    static byte[] hex(JsonObject object, String field) {
        return HexFormat.of().parseHex(object.get(field).getAsString());
    }

    static String name(JsonObject test) {
        return "tcId "
                + test.get("tcId").getAsInt()
                + " "
                + test.get("result").getAsString()
                + " "
                + test.get("flags")
                + " "
                + test.get("comment").getAsString();
    }

    /**
     * One dynamic test per vector of a Wycheproof file: checks the file's {@code algorithm} and
     * {@code numberOfTests}; {@code check} gets each vector with its group and returns the test.
     */
    static Stream<DynamicTest> wycheproof(
            String fileName,
            String algorithm,
            BiFunction<JsonObject, JsonObject, Executable> check) {
        JsonObject root = load(fileName);
        if (!algorithm.equals(root.get("algorithm").getAsString())) {
            throw new AssertionError(fileName + " is not for " + algorithm);
        }
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonElement g : root.getAsJsonArray("testGroups")) {
            JsonObject group = g.getAsJsonObject();
            for (JsonElement t : group.getAsJsonArray("tests")) {
                JsonObject test = t.getAsJsonObject();
                tests.add(DynamicTest.dynamicTest(name(test), check.apply(group, test)));
            }
        }
        if (tests.size() != root.get("numberOfTests").getAsInt()) {
            throw new AssertionError(
                    fileName + " holds " + tests.size() + " tests, not numberOfTests");
        }
        return tests.stream();
    }
}
