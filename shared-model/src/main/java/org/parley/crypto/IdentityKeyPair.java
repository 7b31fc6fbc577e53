package org.parley.crypto;

import java.security.SecureRandom;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;
import org.parley.crypto.primitives.CryptoException;
import org.parley.crypto.primitives.Ed25519;
import org.parley.crypto.primitives.X25519;
import org.parley.model.PublicKeys;

/**
 * A user's long-term identity: Ed25519 for signing, X25519 for key agreement. Immutable and
 * thread-safe; getters return copies.
 */
public final class IdentityKeyPair {

    private final Ed25519PrivateKeyParameters signing;
    private final X25519PrivateKeyParameters agreement;
    private final byte[] signingPublic;
    private final byte[] agreementPublic;

    private IdentityKeyPair(
            Ed25519PrivateKeyParameters signing, X25519PrivateKeyParameters agreement) {
        this.signing = signing;
        this.agreement = agreement;
        // Parsing once keeps the public key cached inside Bouncy Castle's signer key.
        this.signingPublic = signing.generatePublicKey().getEncoded();
        this.agreementPublic = agreement.generatePublicKey().getEncoded();
    }

    public static IdentityKeyPair generate(SecureRandom random) {
        return new IdentityKeyPair(
                new Ed25519PrivateKeyParameters(random), new X25519PrivateKeyParameters(random));
    }

    public static IdentityKeyPair fromPrivate(byte[] signingPrivate, byte[] agreementPrivate) {
        if (signingPrivate == null || signingPrivate.length != Ed25519.KEY_BYTES) {
            throw new IllegalArgumentException("An Ed25519 private key is 32 bytes.");
        }
        if (agreementPrivate == null || agreementPrivate.length != X25519.KEY_BYTES) {
            throw new IllegalArgumentException("An X25519 private key is 32 bytes.");
        }
        return new IdentityKeyPair(
                new Ed25519PrivateKeyParameters(signingPrivate),
                new X25519PrivateKeyParameters(agreementPrivate));
    }

    public byte[] signingPrivate() {
        return signing.getEncoded();
    }

    public byte[] signingPublic() {
        return signingPublic.clone();
    }

    public byte[] agreementPrivate() {
        return agreement.getEncoded();
    }

    public byte[] agreementPublic() {
        return agreementPublic.clone();
    }

    public PublicKeys publicKeys() {
        return new PublicKeys(signingPublic, agreementPublic);
    }

    byte[] sign(byte[] message) {
        return Ed25519.sign(signing, message);
    }

    byte[] agree(byte[] theirAgreementPublic) throws CryptoException {
        return X25519.agree(agreement, theirAgreementPublic);
    }

    @Override
    public String toString() {
        return "IdentityKeyPair[" + publicKeys() + "]";
    }
}
