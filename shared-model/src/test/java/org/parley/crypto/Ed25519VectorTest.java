package org.parley.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import org.junit.jupiter.api.function.Executable;
import org.parley.crypto.primitives.Ed25519;

/** Wycheproof Ed25519 verification vectors run through {@link Ed25519#verify}. */
@WycheproofVectorTest.VectorFile(name = "ed25519_test.json", algorithm = "EDDSA")
class Ed25519VectorTest extends WycheproofVectorTest {

    @Override
    Executable vectorTest(JsonObject group, JsonObject test) {
        JsonObject key = group.getAsJsonObject("publicKey");
        assertThat(key.get("curve").getAsString()).isEqualTo("edwards25519");
        byte[] publicKey = TestVectors.hex(key, "pk");
        return () -> check(publicKey, test);
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
