package org.parley.crypto.primitives;

import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-GCM with a 128-bit tag, through the JDK's SunJCE provider (much faster than Bouncy Castle's,
 * it uses the CPU's AES and carry-less multiply instructions).
 *
 * <p>{@link #encrypt}/{@link #decrypt} are the raw primitive (AES-128/192/256, any nonce length the
 * JDK allows); {@link #seal}/{@link #open} are what the protocol uses: AES-256 with a fresh random
 * 12-byte nonce carried in front of the ciphertext.
 */
public final class Aead {

    public static final int KEY_BYTES = 32;
    public static final int NONCE_BYTES = 12;
    public static final int TAG_BYTES = 16;

    private static final String TRANSFORMATION = "AES/GCM/NoPadding";
    private static final byte[] NO_AAD = new byte[0];
    private static final ThreadLocal<Cipher> CIPHERS = ThreadLocal.withInitial(Aead::newCipher);

    private Aead() {}

    /**
     * Returns ciphertext || tag.
     *
     * @throws IllegalArgumentException if the key is not 16, 24 or 32 bytes or the JDK refuses the
     *     nonce
     */
    public static byte[] encrypt(byte[] key, byte[] nonce, byte[] plaintext, byte[] aad) {
        requireAesKey(key);
        requireInput(plaintext);
        try {
            Cipher cipher =
                    cipher(Cipher.ENCRYPT_MODE, key, nonce, 0, nonce == null ? 0 : nonce.length);
            cipher.updateAAD(aad == null ? NO_AAD : aad);
            return cipher.doFinal(plaintext);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("AES-GCM refused the nonce: " + e.getMessage(), e);
        }
    }

    /**
     * Opens ciphertext || tag.
     *
     * @throws CryptoException if the tag does not verify or the nonce is unusable
     * @throws IllegalArgumentException if the key is not 16, 24 or 32 bytes (a caller's mistake,
     *     not bad data)
     */
    public static byte[] decrypt(byte[] key, byte[] nonce, byte[] ciphertextAndTag, byte[] aad)
            throws CryptoException {
        requireAesKey(key);
        if (nonce == null) {
            throw new CryptoException("The encrypted data has no nonce.");
        }
        if (ciphertextAndTag == null) {
            throw new CryptoException("The encrypted data is missing.");
        }
        return decrypt(
                key, nonce, 0, nonce.length, ciphertextAndTag, 0, ciphertextAndTag.length, aad);
    }

    /** Encrypts under a 32-byte key with a random nonce; returns nonce(12) || ciphertext || tag. */
    public static byte[] seal(byte[] key, byte[] plaintext, byte[] aad) {
        requireProtocolKey(key);
        requireInput(plaintext);
        byte[] nonce = new byte[NONCE_BYTES];
        SecureRandoms.current().nextBytes(nonce);
        byte[] out = new byte[NONCE_BYTES + plaintext.length + TAG_BYTES];
        System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, key, nonce, 0, NONCE_BYTES);
            cipher.updateAAD(aad == null ? NO_AAD : aad);
            int written = cipher.doFinal(plaintext, 0, plaintext.length, out, NONCE_BYTES);
            if (written != plaintext.length + TAG_BYTES) {
                throw new IllegalStateException("AES-GCM wrote " + written + " bytes");
            }
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /**
     * Opens what {@link #seal} made.
     *
     * @throws CryptoException if it is too short or fails authentication
     */
    public static byte[] open(byte[] key, byte[] sealed, byte[] aad) throws CryptoException {
        requireProtocolKey(key);
        if (sealed == null || sealed.length < NONCE_BYTES + TAG_BYTES) {
            throw new CryptoException("The encrypted data is too short to be valid.");
        }
        return decrypt(
                key, sealed, 0, NONCE_BYTES, sealed, NONCE_BYTES, sealed.length - NONCE_BYTES, aad);
    }

    private static byte[] decrypt(
            byte[] key,
            byte[] nonce,
            int nonceOffset,
            int nonceLength,
            byte[] input,
            int offset,
            int length,
            byte[] aad)
            throws CryptoException {
        if (length < TAG_BYTES) {
            throw new CryptoException("The encrypted data is too short to be valid.");
        }
        Cipher cipher;
        try {
            cipher = cipher(Cipher.DECRYPT_MODE, key, nonce, nonceOffset, nonceLength);
        } catch (GeneralSecurityException e) {
            throw new CryptoException("The encrypted data has an unusable nonce.", e);
        }
        try {
            cipher.updateAAD(aad == null ? NO_AAD : aad);
            return cipher.doFinal(input, offset, length);
        } catch (AEADBadTagException e) {
            throw new CryptoException(
                    "The encrypted data was damaged, forged, or encrypted for someone else.", e);
        } catch (GeneralSecurityException e) {
            throw new CryptoException("The encrypted data could not be decrypted.", e);
        }
    }

    private static Cipher cipher(
            int mode, byte[] key, byte[] nonce, int nonceOffset, int nonceLength)
            throws GeneralSecurityException {
        if (nonce == null) {
            throw new IllegalArgumentException("AES-GCM needs a nonce.");
        }
        GCMParameterSpec spec;
        try {
            spec = new GCMParameterSpec(TAG_BYTES * 8, nonce, nonceOffset, nonceLength);
        } catch (IllegalArgumentException e) {
            throw new InvalidAlgorithmParameterException(e.getMessage(), e);
        }
        SecretKeySpec keySpec = new SecretKeySpec(key, "AES");
        // One Cipher per thread (instances are not thread-safe): Cipher.getInstance looks up the
        // provider every time, a cost that showed per message in the profile. SunJCE refuses to
        // encrypt twice with one key and nonce on one instance; a fresh instance then decides.
        Cipher cipher = CIPHERS.get();
        try {
            cipher.init(mode, keySpec, spec);
            return cipher;
        } catch (GeneralSecurityException e) {
            Cipher fresh = Cipher.getInstance(TRANSFORMATION);
            fresh.init(mode, keySpec, spec);
            CIPHERS.set(fresh);
            return fresh;
        }
    }

    private static Cipher newCipher() {
        try {
            return Cipher.getInstance(TRANSFORMATION);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    private static void requireAesKey(byte[] key) {
        if (key == null || (key.length != 16 && key.length != 24 && key.length != 32)) {
            throw new IllegalArgumentException("An AES key is 16, 24 or 32 bytes.");
        }
    }

    private static void requireProtocolKey(byte[] key) {
        if (key == null || key.length != KEY_BYTES) {
            throw new IllegalArgumentException("Parley uses 32-byte AES-256 keys.");
        }
    }

    private static void requireInput(byte[] plaintext) {
        if (plaintext == null) {
            throw new IllegalArgumentException("There is no plaintext to encrypt.");
        }
    }
}
