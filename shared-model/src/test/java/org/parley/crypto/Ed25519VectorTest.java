package org.parley.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.parley.crypto.primitives.Ed25519;

/** Wycheproof Ed25519 verification vectors run through {@link Ed25519#verify}. */
class Ed25519VectorTest {

    @TestFactory
    Stream<DynamicTest> wycheproofEd25519() {
        JsonObject root = TestVectors.load("ed25519_test.json");
        assertThat(root.get("algorithm").getAsString()).isEqualTo("EDDSA");
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonElement g : root.getAsJsonArray("testGroups")) {
            JsonObject group = g.getAsJsonObject();
            JsonObject key = group.getAsJsonObject("publicKey");
            assertThat(key.get("curve").getAsString()).isEqualTo("edwards25519");
            byte[] publicKey = TestVectors.hex(key, "pk");
            for (JsonElement t : group.getAsJsonArray("tests")) {
                JsonObject test = t.getAsJsonObject();
                tests.add(dynamicTest(TestVectors.name(test), () -> check(publicKey, test)));
            }
        }
        assertThat(tests).hasSize(root.get("numberOfTests").getAsInt());
        return tests.stream();
    }

    private static void check(byte[] publicKey, JsonObject test) {
        byte[] msg = TestVectors.hex(test, "msg");
        byte[] sig = TestVectors.hex(test, "sig");
        boolean verified = Ed25519.verify(publicKey, msg, sig);
        switch (test.get("result").getAsString()) {
            case "valid" -> assertThat(verified).as("valid signature verifies").isTrue();
            case "invalid" -> assertThat(verified).as("invalid signature is refused").isFalse();
            default ->
                    throw new AssertionError(
                            "No documented behaviour for result " + test.get("result"));
        }
    }
}
