package org.parley.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import org.junit.jupiter.api.function.Executable;
import org.parley.crypto.primitives.CryptoException;
import org.parley.crypto.primitives.X25519;

/**
 * Wycheproof X25519 vectors run through {@link X25519#agree}.
 *
 * <p>Behaviour chosen for "acceptable" vectors: a public key that yields an all-zero shared secret
 * (the low-order points) is rejected with {@link CryptoException}; every other acceptable case
 * (points on the twist, non-canonical u >= p, the top bit set) is computed as RFC 7748 specifies
 * and must match the expected shared secret.
 */
@WycheproofVectorTest.VectorFile(name = "x25519_test.json", algorithm = "XDH")
class X25519VectorTest extends WycheproofVectorTest {

    @Override
    Executable vectorTest(JsonObject group, JsonObject test) {
        assertThat(group.get("curve").getAsString()).isEqualTo("curve25519");
        return () -> check(test);
    }

    private static void check(JsonObject test) throws Exception {
        byte[] privateKey = TestVectors.hex(test, "private");
        byte[] publicKey = TestVectors.hex(test, "public");
        byte[] shared = TestVectors.hex(test, "shared");
        boolean zeroShared = shared.length == 32 && java.util.Arrays.equals(shared, new byte[32]);
        switch (test.get("result").getAsString()) {
            case "valid" -> assertThat(X25519.agree(privateKey, publicKey)).isEqualTo(shared);
            case "acceptable" -> {
                if (zeroShared) {
                    assertThatThrownBy(() -> X25519.agree(privateKey, publicKey))
                            .isInstanceOf(CryptoException.class);
                    assertThat(X25519.isValidPublicKey(publicKey)).isFalse();
                } else {
                    assertThat(X25519.agree(privateKey, publicKey)).isEqualTo(shared);
                }
            }
            case "invalid" ->
                    assertThatThrownBy(() -> X25519.agree(privateKey, publicKey))
                            .isInstanceOf(CryptoException.class);
            default -> throw new AssertionError("Unknown result " + test.get("result"));
        }
    }
}
