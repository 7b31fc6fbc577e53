package org.parley.crypto;

import static java.lang.annotation.ElementType.TYPE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import com.google.gson.JsonObject;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.function.Executable;

/**
 * One Wycheproof vector file run as one dynamic test per vector: a subclass names the file with
 * {@link VectorFile} and says what each vector must do.
 */
abstract class WycheproofVectorTest {

    /** The Wycheproof file a subclass runs, and the algorithm that file must be for. */
    @Retention(RUNTIME)
    @Target(TYPE)
    @interface VectorFile {
        String name();

        String algorithm();
    }

    @TestFactory
    Stream<DynamicTest> wycheproofVectors() {
        VectorFile file =
                Objects.requireNonNull(
                        getClass().getAnnotation(VectorFile.class),
                        getClass() + " names no @VectorFile");
        return TestVectors.wycheproof(file.name(), file.algorithm(), this::vectorTest);
    }

    /** The test of one vector ({@code test}) of {@code group}; may first check the group. */
    abstract Executable vectorTest(JsonObject group, JsonObject test);
}
