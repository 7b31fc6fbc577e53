package org.parley.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.parley.crypto.primitives.Aead;
import org.parley.crypto.primitives.CryptoException;

class AeadTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final byte[] AAD = "context".getBytes(StandardCharsets.UTF_8);
    private static final byte[] TEXT = "attack at dawn".getBytes(StandardCharsets.UTF_8);

    private final byte[] key = random(32);

    @Test
    void sealedDataOpensWithTheSameKeyAndAad() throws CryptoException {
        byte[] sealed = Aead.seal(key, TEXT, AAD);
        assertThat(sealed).hasSize(12 + TEXT.length + 16);
        assertThat(Aead.open(key, sealed, AAD)).isEqualTo(TEXT);
        assertThat(Aead.open(key, Aead.seal(key, new byte[0], null), null)).isEmpty();
    }

    @Test
    void sealUsesAFreshNonceEachTime() {
        assertThat(Aead.seal(key, TEXT, AAD)).isNotEqualTo(Aead.seal(key, TEXT, AAD));
    }

    @Test
    void sealedDataIsTheRawPrimitiveWithTheNonceInFront() throws CryptoException {
        byte[] sealed = Aead.seal(key, TEXT, AAD);
        byte[] nonce = java.util.Arrays.copyOf(sealed, 12);
        byte[] rest = java.util.Arrays.copyOfRange(sealed, 12, sealed.length);
        assertThat(Aead.decrypt(key, nonce, rest, AAD)).isEqualTo(TEXT);
        assertThat(Aead.encrypt(key, nonce, TEXT, AAD)).isEqualTo(rest);
    }

    @Test
    void tamperedCiphertextIsRejected() {
        byte[] sealed = Aead.seal(key, TEXT, AAD);
        for (int bit = 0; bit < sealed.length * 8; bit++) {
            byte[] tampered = sealed.clone();
            tampered[bit / 8] ^= (byte) (1 << (bit % 8));
            assertThatThrownBy(() -> Aead.open(key, tampered, AAD))
                    .as("bit %d", bit)
                    .isInstanceOf(CryptoException.class);
        }
    }

    @Test
    void wrongKeyOrAadIsRejected() {
        byte[] sealed = Aead.seal(key, TEXT, AAD);
        assertThatThrownBy(() -> Aead.open(random(32), sealed, AAD))
                .isInstanceOf(CryptoException.class);
        assertThatThrownBy(() -> Aead.open(key, sealed, "other".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(CryptoException.class);
        assertThatThrownBy(() -> Aead.open(key, sealed, null)).isInstanceOf(CryptoException.class);
    }

    @Test
    void truncatedInputIsRejected() {
        byte[] sealed = Aead.seal(key, TEXT, AAD);
        for (int length = 0; length < sealed.length; length++) {
            byte[] truncated = java.util.Arrays.copyOf(sealed, length);
            assertThatThrownBy(() -> Aead.open(key, truncated, AAD))
                    .as("length %d", length)
                    .isInstanceOf(CryptoException.class);
        }
        assertThatThrownBy(() -> Aead.open(key, null, AAD)).isInstanceOf(CryptoException.class);
        assertThatThrownBy(() -> Aead.decrypt(key, new byte[12], new byte[15], AAD))
                .isInstanceOf(CryptoException.class);
    }

    @Test
    void keySizesAreChecked() {
        assertThatThrownBy(() -> Aead.seal(random(16), TEXT, AAD))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Aead.encrypt(random(20), new byte[12], TEXT, AAD))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(Aead.encrypt(random(16), new byte[12], TEXT, AAD)).hasSize(TEXT.length + 16);
        assertThat(Aead.encrypt(random(24), new byte[12], TEXT, AAD)).hasSize(TEXT.length + 16);
    }

    @Test
    void emptyNonceIsRefused() {
        assertThatThrownBy(() -> Aead.encrypt(key, new byte[0], TEXT, AAD))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Aead.decrypt(key, new byte[0], new byte[32], AAD))
                .isInstanceOf(CryptoException.class);
        assertThatThrownBy(() -> Aead.decrypt(key, null, new byte[32], AAD))
                .isInstanceOf(CryptoException.class);
    }

    private static byte[] random(int length) {
        byte[] bytes = new byte[length];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
