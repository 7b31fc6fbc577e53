package org.parley.model;

import java.util.Arrays;
import java.util.Base64;
import org.jspecify.annotations.Nullable;
import org.parley.crypto.primitives.Ed25519;
import org.parley.crypto.primitives.X25519;

/**
 * A user's public identity: an Ed25519 signing key and an X25519 agreement key, 32 raw bytes each.
 * Arrays are copied in and out so a pinned key cannot change under its holder.
 */
public record PublicKeys(byte @Nullable [] signing, byte @Nullable [] agreement) {

    public static final int KEY_BYTES = 32;

    public PublicKeys {
        signing = signing == null ? null : signing.clone();
        agreement = agreement == null ? null : agreement.clone();
    }

    @Override
    public byte @Nullable [] signing() {
        return signing == null ? null : signing.clone();
    }

    @Override
    public byte @Nullable [] agreement() {
        return agreement == null ? null : agreement.clone();
    }

    /**
     * Checks lengths and that both keys are usable: the signing key is a valid Ed25519 point of
     * prime order, and the agreement key is not one of the low-order points that would give every
     * contact the same all-zero secret.
     *
     * @throws IllegalArgumentException with a sentence saying what is wrong
     */
    public void requireValid() {
        if (signing == null || signing.length != KEY_BYTES) {
            throw new IllegalArgumentException("The signing public key must be 32 bytes.");
        }
        if (agreement == null || agreement.length != KEY_BYTES) {
            throw new IllegalArgumentException("The agreement public key must be 32 bytes.");
        }
        if (!Ed25519.isValidPublicKey(signing)) {
            throw new IllegalArgumentException(
                    "The signing public key is not a valid Ed25519 key.");
        }
        if (!X25519.isValidPublicKey(agreement)) {
            throw new IllegalArgumentException(
                    "The agreement public key is not a usable X25519 key.");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PublicKeys other
                && Arrays.equals(signing, other.signing)
                && Arrays.equals(agreement, other.agreement);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(signing) + Arrays.hashCode(agreement);
    }

    @Override
    public String toString() {
        return "PublicKeys[signing=" + base64(signing) + ", agreement=" + base64(agreement) + "]";
    }

    private static String base64(byte @Nullable [] bytes) {
        return bytes == null ? "null" : Base64.getEncoder().encodeToString(bytes);
    }
}
