package org.parley.crypto;

import com.google.gson.JsonObject;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.function.Executable;

/**
 * One Wycheproof vector file run as one dynamic test per vector; a subclass names the file and its
 * algorithm and says what each vector must do.
 */
abstract class WycheproofVectorTest {

    private final String fileName;
    private final String algorithm;

    WycheproofVectorTest(String fileName, String algorithm) {
        this.fileName = fileName;
        this.algorithm = algorithm;
    }

    @TestFactory
    Stream<DynamicTest> wycheproofVectors() {
        return TestVectors.wycheproof(fileName, algorithm, this::vectorTest);
    }

    /** The test of one vector ({@code test}) of {@code group}; may first check the group. */
    abstract Executable vectorTest(JsonObject group, JsonObject test);
}
