package org.parley.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.function.ThrowingConsumer;
import org.parley.crypto.primitives.CryptoException;
import org.parley.crypto.primitives.Ed25519;
import org.parley.crypto.primitives.X25519;

/** RFC 7748 (X25519) and RFC 8032 section 7.1 (Ed25519) known answers, through the public API. */
class RfcKnownAnswerTest {

    private static final JsonObject KAT = TestVectors.load("rfc7748_rfc8032_kat.json");

    @TestFactory
    Stream<DynamicTest> x25519FunctionMatchesRfc7748() {
        return eachVector(
                "x25519_function",
                "source",
                2,
                v ->
                        assertThat(
                                        X25519.agree(
                                                TestVectors.hex(v, "scalar"),
                                                TestVectors.hex(v, "u")))
                                .isEqualTo(TestVectors.hex(v, "out")));
    }

    @Test
    void x25519IteratedOnceAndThousandTimesMatchesRfc7748() throws CryptoException {
        JsonObject v = KAT.getAsJsonObject("x25519_iterated");
        byte[][] state = {TestVectors.hex(v, "start"), TestVectors.hex(v, "start")};
        iterate(state, 1);
        assertThat(state[0]).isEqualTo(TestVectors.hex(v, "after_1"));
        iterate(state, 999);
        assertThat(state[0]).isEqualTo(TestVectors.hex(v, "after_1000"));
    }

    /**
     * Takes minutes (one million X25519 operations), so it runs only with
     * -Dparley.slowVectors=true.
     */
    @Test
    @EnabledIfSystemProperty(named = "parley.slowVectors", matches = "true")
    void x25519IteratedMillionTimesMatchesRfc7748() throws CryptoException {
        JsonObject v = KAT.getAsJsonObject("x25519_iterated");
        byte[][] state = {TestVectors.hex(v, "start"), TestVectors.hex(v, "start")};
        iterate(state, 1_000_000);
        assertThat(state[0]).isEqualTo(TestVectors.hex(v, "after_1000000"));
    }

    @Test
    void x25519DiffieHellmanMatchesRfc7748() throws CryptoException {
        JsonObject v = KAT.getAsJsonObject("x25519_dh");
        byte[] alicePrivate = TestVectors.hex(v, "alice_private");
        byte[] bobPrivate = TestVectors.hex(v, "bob_private");
        assertThat(X25519.publicKey(alicePrivate)).isEqualTo(TestVectors.hex(v, "alice_public"));
        assertThat(X25519.publicKey(bobPrivate)).isEqualTo(TestVectors.hex(v, "bob_public"));
        assertThat(X25519.agree(alicePrivate, TestVectors.hex(v, "bob_public")))
                .isEqualTo(TestVectors.hex(v, "shared"));
        assertThat(X25519.agree(bobPrivate, TestVectors.hex(v, "alice_public")))
                .isEqualTo(TestVectors.hex(v, "shared"));
    }

    @TestFactory
    Stream<DynamicTest> ed25519SigningMatchesRfc8032() {
        return eachVector(
                "ed25519_sign",
                "name",
                5,
                v -> {
                    byte[] secret = TestVectors.hex(v, "secret_key");
                    byte[] publicKey = TestVectors.hex(v, "public_key");
                    byte[] message = TestVectors.hex(v, "message");
                    byte[] signature = TestVectors.hex(v, "signature");
                    assertThat(Ed25519.publicKey(secret)).isEqualTo(publicKey);
                    assertThat(Ed25519.sign(secret, message)).isEqualTo(signature);
                    assertThat(Ed25519.verify(publicKey, message, signature)).isTrue();
                    signature[0] ^= 1;
                    assertThat(Ed25519.verify(publicKey, message, signature)).isFalse();
                });
    }

    /**
     * One dynamic test per vector of the array {@code name}, named by its field {@code nameField};
     * the array must hold {@code count} vectors.
     */
    private static Stream<DynamicTest> eachVector(
            String name, String nameField, int count, ThrowingConsumer<JsonObject> check) {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonElement e : KAT.getAsJsonArray(name)) {
            JsonObject v = e.getAsJsonObject();
            tests.add(dynamicTest(v.get(nameField).getAsString(), () -> check.accept(v)));
        }
        assertThat(tests).hasSize(count);
        return tests.stream();
    }

    /** RFC 7748: k, u = X25519(k, u), k. */
    private static void iterate(byte[][] state, int rounds) throws CryptoException {
        for (int i = 0; i < rounds; i++) {
            byte[] next = X25519.agree(state[0], state[1]);
            state[1] = state[0];
            state[0] = next;
        }
    }
}
