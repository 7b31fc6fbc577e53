package org.parley.crypto.primitives;

import java.security.SecureRandom;
import java.util.Base64;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.jspecify.annotations.Nullable;

/**
 * Ed25519 signatures (RFC 8032, pure) with Bouncy Castle's lightweight API: unlike the JDK's
 * provider it is fast and rejects signatures that are not exactly 64 bytes.
 */
public final class Ed25519 {

    public static final int KEY_BYTES = 32;
    public static final int SIGNATURE_BYTES = 64;

    /** A raw key pair; {@code toString} does not print the private key. */
    public record KeyPair(byte[] privateKey, byte[] publicKey) {

        @Override
        public String toString() {
            return "Ed25519.KeyPair[publicKey="
                    + (publicKey == null ? "null" : Base64.getEncoder().encodeToString(publicKey))
                    + "]";
        }
    }

    private Ed25519() {}

    public static KeyPair generate(SecureRandom random) {
        Ed25519PrivateKeyParameters key = new Ed25519PrivateKeyParameters(random);
        return new KeyPair(key.getEncoded(), key.generatePublicKey().getEncoded());
    }

    public static byte[] publicKey(byte[] privateKey) {
        return privateKey(privateKey).generatePublicKey().getEncoded();
    }

    public static byte[] sign(byte[] privateKey, byte[] message) {
        return sign(privateKey(privateKey), message);
    }

    /**
     * Signs with a parsed key, which keeps its public key cached (half the cost of a signature).
     */
    public static byte[] sign(Ed25519PrivateKeyParameters key, byte[] message) {
        if (message == null) {
            throw new IllegalArgumentException("There is no message to sign.");
        }
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, key);
        signer.update(message, 0, message.length);
        return signer.generateSignature();
    }

    /**
     * False for a signature that is not 64 bytes, a key that is not a valid 32-byte point, or a
     * signature that does not verify. Never throws.
     */
    public static boolean verify(
            byte @Nullable [] publicKey, byte[] message, byte @Nullable [] signature) {
        if (publicKey == null
                || publicKey.length != KEY_BYTES
                || message == null
                || signature == null
                || signature.length != SIGNATURE_BYTES) {
            return false;
        }
        try {
            Ed25519Signer verifier = new Ed25519Signer();
            verifier.init(false, new Ed25519PublicKeyParameters(publicKey));
            verifier.update(message, 0, message.length);
            return verifier.verifySignature(signature);
        } catch (RuntimeException e) {
            // Bouncy Castle throws on a key that does not decode to a curve point.
            return false;
        }
    }

    /** True if {@code publicKey} is a canonical encoding of a point of prime order. */
    public static boolean isValidPublicKey(byte @Nullable [] publicKey) {
        return publicKey != null
                && publicKey.length == KEY_BYTES
                && org.bouncycastle.math.ec.rfc8032.Ed25519.validatePublicKeyFull(publicKey, 0);
    }

    private static Ed25519PrivateKeyParameters privateKey(byte[] privateKey) {
        if (privateKey == null || privateKey.length != KEY_BYTES) {
            throw new IllegalArgumentException("An Ed25519 private key is 32 bytes.");
        }
        return new Ed25519PrivateKeyParameters(privateKey);
    }
}
