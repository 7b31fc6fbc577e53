package org.parley.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.parley.crypto.primitives.CryptoException;
import org.parley.model.KdfParams;

class KeyWrapperTest {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final IdentityKeyPair keys = IdentityKeyPair.generate(RANDOM);
    private final byte[] wrapKey = random(32);
    private final byte[] salt = random(16);
    private final byte[] blob = KeyWrapper.wrap(keys, wrapKey, "alice", salt, KdfParams.DEFAULT);

    @Test
    void wrappedKeysUnwrapToTheSameIdentity() throws CryptoException {
        IdentityKeyPair unwrapped =
                KeyWrapper.unwrap(
                        blob, wrapKey, "alice", salt, KdfParams.DEFAULT, keys.publicKeys());
        assertThat(unwrapped.signingPrivate()).isEqualTo(keys.signingPrivate());
        assertThat(unwrapped.agreementPrivate()).isEqualTo(keys.agreementPrivate());
        assertThat(unwrapped.publicKeys()).isEqualTo(keys.publicKeys());
    }

    @Test
    void blobHasTheDocumentedLayout() {
        assertThat(blob).hasSize(1 + 12 + 64 + 16);
        assertThat(blob[0]).isEqualTo((byte) 0x01);
    }

    @Test
    void wrappingTwiceUsesFreshNonces() {
        assertThat(KeyWrapper.wrap(keys, wrapKey, "alice", salt, KdfParams.DEFAULT))
                .isNotEqualTo(blob);
    }

    @Test
    void wrongWrapKeyIsRejected() {
        byte[] other = wrapKey.clone();
        other[31] ^= 1;
        assertThatThrownBy(
                        () ->
                                KeyWrapper.unwrap(
                                        blob, other, "alice", salt, KdfParams.DEFAULT, null))
                .isInstanceOf(CryptoException.class)
                .hasMessageContaining("damaged or was not made for this account");
    }

    @Test
    void everyTamperedBitIsRejected() {
        for (int bit = 0; bit < blob.length * 8; bit++) {
            byte[] tampered = blob.clone();
            tampered[bit / 8] ^= (byte) (1 << (bit % 8));
            assertThatThrownBy(() -> unwrap(tampered, "alice", salt, KdfParams.DEFAULT))
                    .as("bit %d", bit)
                    .isInstanceOf(CryptoException.class);
        }
    }

    @Test
    void truncatedOrExtendedBlobIsRejected() {
        for (byte[] damaged :
                new byte[][] {
                    Arrays.copyOf(blob, blob.length - 1), Arrays.copyOf(blob, blob.length + 1), null
                }) {
            assertThatThrownBy(() -> unwrap(damaged, "alice", salt, KdfParams.DEFAULT))
                    .isInstanceOf(CryptoException.class);
        }
    }

    @Test
    void blobOfAnotherAccountIsRejected() {
        assertThatThrownBy(() -> unwrap(blob, "mallory", salt, KdfParams.DEFAULT))
                .isInstanceOf(CryptoException.class);
    }

    @ParameterizedTest(name = "m={0} t={1} p={2}")
    @CsvSource({"65536, 4, 1", "131072, 3, 1", "65536, 3, 2"})
    void changedKdfParametersAreRejected(int m, int t, int p) {
        assertThatThrownBy(() -> unwrap(blob, "alice", salt, new KdfParams(m, t, p)))
                .isInstanceOf(CryptoException.class);
    }

    @Test
    void changedSaltIsRejected() {
        assertThatThrownBy(() -> unwrap(blob, "alice", random(16), KdfParams.DEFAULT))
                .isInstanceOf(CryptoException.class);
    }

    @Test
    void keysThatDoNotMatchThePublishedOnesAreRejected() {
        IdentityKeyPair other = IdentityKeyPair.generate(RANDOM);
        assertThatThrownBy(
                        () ->
                                KeyWrapper.unwrap(
                                        blob,
                                        wrapKey,
                                        "alice",
                                        salt,
                                        KdfParams.DEFAULT,
                                        other.publicKeys()))
                .isInstanceOf(CryptoException.class)
                .hasMessageContaining("do not match");
    }

    @Test
    void unknownFormatByteIsRejected() {
        byte[] tampered = blob.clone();
        tampered[0] = 0x02;
        assertThatThrownBy(() -> unwrap(tampered, "alice", salt, KdfParams.DEFAULT))
                .isInstanceOf(CryptoException.class)
                .hasMessageContaining("format");
    }

    /** Unwraps with the test's wrap key and no published keys to compare with. */
    private IdentityKeyPair unwrap(byte[] blob, String username, byte[] salt, KdfParams kdf)
            throws CryptoException {
        return KeyWrapper.unwrap(blob, wrapKey, username, salt, kdf, null);
    }

    @Test
    void aadBindsUsernameParametersAndSaltAsDocumented() {
        byte[] fixedSalt = new byte[16];
        assertThat(
                        new String(
                                KeyWrapper.aad("alice", fixedSalt, new KdfParams(65536, 3, 1)),
                                java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo("parley/v1/keys|alice|65536|3|1|AAAAAAAAAAAAAAAAAAAAAA==");
    }

    private static byte[] random(int length) {
        byte[] bytes = new byte[length];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
