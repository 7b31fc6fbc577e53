package org.parley.crypto;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import org.parley.crypto.primitives.Aead;
import org.parley.crypto.primitives.CryptoException;
import org.parley.model.KdfParams;
import org.parley.model.PublicKeys;
import org.parley.model.Usernames;

/**
 * Encrypts the identity private keys under the password-derived wrap key, for storage on the
 * server: {@code 0x01 || nonce(12) || AES-256-GCM(ed25519Private || x25519Private)}. The AAD binds
 * the username, salt and KDF parameters, so a server cannot hand one account's blob to another
 * account or quietly weaken the parameters.
 */
public final class KeyWrapper {

    public static final byte FORMAT_V1 = 0x01;
    public static final int BLOB_BYTES = 1 + Aead.NONCE_BYTES + 64 + Aead.TAG_BYTES;

    private KeyWrapper() {}

    public static byte[] wrap(
            IdentityKeyPair keys, byte[] wrapKey, String username, byte[] salt, KdfParams kdf) {
        if (keys == null) {
            throw new IllegalArgumentException("There are no keys to wrap.");
        }
        byte[] aad = aad(username, salt, kdf);
        byte[] plaintext = concat(keys.signingPrivate(), keys.agreementPrivate());
        try {
            byte[] sealed = Aead.seal(requireKey(wrapKey), plaintext, aad);
            byte[] blob = new byte[1 + sealed.length];
            blob[0] = FORMAT_V1;
            System.arraycopy(sealed, 0, blob, 1, sealed.length);
            return blob;
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    /**
     * @param expected the account's published public keys; when not {@code null} the unwrapped keys
     *     must match them
     * @throws CryptoException if the blob is damaged, belongs to another account or other
     *     parameters, or does not match {@code expected}
     */
    public static IdentityKeyPair unwrap(
            byte[] blob,
            byte[] wrapKey,
            String username,
            byte[] salt,
            KdfParams kdf,
            PublicKeys expected)
            throws CryptoException {
        byte[] aad = aad(username, salt, kdf);
        requireKey(wrapKey);
        if (blob == null || blob.length != BLOB_BYTES) {
            throw new CryptoException("The key blob has the wrong size; it is damaged.");
        }
        if (blob[0] != FORMAT_V1) {
            throw new CryptoException("The key blob uses a format this app does not know.");
        }
        byte[] plaintext;
        try {
            plaintext = Aead.open(wrapKey, Arrays.copyOfRange(blob, 1, blob.length), aad);
        } catch (CryptoException e) {
            throw new CryptoException(
                    "The key blob is damaged or was not made for this account"
                            + " (or the password is wrong).",
                    e);
        }
        try {
            IdentityKeyPair keys =
                    IdentityKeyPair.fromPrivate(
                            Arrays.copyOfRange(plaintext, 0, 32),
                            Arrays.copyOfRange(plaintext, 32, 64));
            if (expected != null && !expected.equals(keys.publicKeys())) {
                throw new CryptoException(
                        "The keys in the key blob do not match this account's published keys.");
            }
            return keys;
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    static byte[] aad(String username, byte[] salt, KdfParams kdf) {
        if (!Usernames.isValid(username)) {
            throw new IllegalArgumentException(Usernames.RULE);
        }
        if (salt == null || salt.length != PasswordKdf.SALT_BYTES) {
            throw new IllegalArgumentException("The password salt must be 16 bytes.");
        }
        if (kdf == null) {
            throw new IllegalArgumentException("The KDF parameters are missing.");
        }
        return ("parley/v1/keys|"
                        + username
                        + "|"
                        + kdf.m()
                        + "|"
                        + kdf.t()
                        + "|"
                        + kdf.p()
                        + "|"
                        + Base64.getEncoder().encodeToString(salt))
                .getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] requireKey(byte[] wrapKey) {
        if (wrapKey == null || wrapKey.length != Aead.KEY_BYTES) {
            throw new IllegalArgumentException("The wrap key must be 32 bytes.");
        }
        return wrapKey;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        Arrays.fill(a, (byte) 0);
        Arrays.fill(b, (byte) 0);
        return out;
    }
}
