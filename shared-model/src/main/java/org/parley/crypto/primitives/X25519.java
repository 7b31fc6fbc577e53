package org.parley.crypto.primitives;

import org.bouncycastle.crypto.agreement.X25519Agreement;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.X25519PublicKeyParameters;
import org.jspecify.annotations.Nullable;

/**
 * X25519 key agreement (RFC 7748) with Bouncy Castle. Private keys are 32 raw bytes and are clamped
 * when used. Public keys are used as RFC 7748 says (top bit masked, non-canonical values reduced);
 * the one thing refused is an all-zero shared secret, which a low-order public key forces whatever
 * our private key is.
 */
public final class X25519 {

    public static final int KEY_BYTES = 32;

    // Any clamped scalar maps every low-order point (and only those) to zero.
    private static final X25519PrivateKeyParameters PROBE =
            new X25519PrivateKeyParameters(new byte[KEY_BYTES]);

    private X25519() {}

    public static byte[] publicKey(byte[] privateKey) {
        if (privateKey == null || privateKey.length != KEY_BYTES) {
            throw new IllegalArgumentException("An X25519 private key is 32 bytes.");
        }
        return new X25519PrivateKeyParameters(privateKey).generatePublicKey().getEncoded();
    }

    /**
     * @throws CryptoException if a key is not 32 bytes or the shared secret is all zeros
     */
    public static byte[] agree(byte[] privateKey, byte @Nullable [] publicKey)
            throws CryptoException {
        if (privateKey == null || privateKey.length != KEY_BYTES) {
            throw new CryptoException("An X25519 private key is 32 bytes.");
        }
        return agree(new X25519PrivateKeyParameters(privateKey), publicKey);
    }

    public static byte[] agree(X25519PrivateKeyParameters privateKey, byte @Nullable [] publicKey)
            throws CryptoException {
        if (publicKey == null || publicKey.length != KEY_BYTES) {
            throw new CryptoException("The other party's key agreement key is not 32 bytes.");
        }
        X25519Agreement agreement = new X25519Agreement();
        agreement.init(privateKey);
        byte[] shared = new byte[KEY_BYTES];
        try {
            agreement.calculateAgreement(new X25519PublicKeyParameters(publicKey), shared, 0);
        } catch (IllegalStateException e) {
            // Bouncy Castle's signal for an all-zero result.
            throw new CryptoException(
                    "The other party's key agreement key is invalid (a low-order point).", e);
        }
        if (isAllZero(shared)) {
            throw new CryptoException(
                    "The other party's key agreement key is invalid (a low-order point).");
        }
        return shared;
    }

    /** True if {@code publicKey} is 32 bytes and not a low-order point. */
    public static boolean isValidPublicKey(byte @Nullable [] publicKey) {
        try {
            agree(PROBE, publicKey);
            return true;
        } catch (CryptoException e) {
            return false;
        }
    }

    private static boolean isAllZero(byte[] bytes) {
        int acc = 0;
        for (byte b : bytes) {
            acc |= b;
        }
        return acc == 0;
    }
}
