package org.parley.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import java.util.Arrays;
import org.junit.jupiter.api.function.Executable;
import org.parley.crypto.primitives.Aead;
import org.parley.crypto.primitives.CryptoException;

/** Wycheproof AES-GCM vectors run through {@link Aead#encrypt} and {@link Aead#decrypt}. */
@WycheproofVectorTest.VectorFile(name = "aes_gcm_test.json", algorithm = "AES-GCM")
class AesGcmVectorTest extends WycheproofVectorTest {

    @Override
    Executable vectorTest(JsonObject group, JsonObject test) {
        // Every vector uses a full 128-bit tag, the only size Aead produces.
        assertThat(group.get("tagSize").getAsInt()).isEqualTo(128);
        return () -> check(test);
    }

    private static void check(JsonObject test) throws Exception {
        byte[] key = TestVectors.hex(test, "key");
        byte[] iv = TestVectors.hex(test, "iv");
        byte[] aad = TestVectors.hex(test, "aad");
        byte[] msg = TestVectors.hex(test, "msg");
        byte[] ctAndTag = concat(TestVectors.hex(test, "ct"), TestVectors.hex(test, "tag"));
        switch (test.get("result").getAsString()) {
            case "valid" -> {
                assertThat(Aead.encrypt(key, iv, msg, aad)).isEqualTo(ctAndTag);
                assertThat(Aead.decrypt(key, iv, ctAndTag, aad)).isEqualTo(msg);
            }
            case "invalid" -> {
                assertThatThrownBy(() -> Aead.decrypt(key, iv, ctAndTag, aad))
                        .isInstanceOf(CryptoException.class);
                if (iv.length == 0) {
                    // SunJCE refuses an empty IV outright, for encryption too.
                    assertThatThrownBy(() -> Aead.encrypt(key, iv, msg, aad))
                            .isInstanceOf(IllegalArgumentException.class);
                }
            }
            default ->
                    throw new AssertionError(
                            "No documented behaviour for result " + test.get("result"));
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
