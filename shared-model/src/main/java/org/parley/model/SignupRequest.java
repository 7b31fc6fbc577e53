package org.parley.model;

import org.jspecify.annotations.Nullable;

/**
 * {@code POST /api/v1/signup} request; {@code wrappedKeys} is the blob made by {@code KeyWrapper}.
 * {@code challenge} is what {@code POST /api/v1/signup/challenge} answered for this username;
 * {@code signature} (Ed25519, identity key) and {@code agreementProof} (HMAC keyed by an X25519
 * agreement with the challenge's server key) prove possession of both submitted private keys
 * ({@link org.parley.crypto.SignupProof}, decision 0014).
 */
public record SignupRequest(
        String username,
        byte[] salt,
        KdfParams kdf,
        byte[] authKey,
        PublicKeys publicKeys,
        byte[] wrappedKeys,
        byte @Nullable [] challenge,
        byte @Nullable [] signature,
        byte @Nullable [] agreementProof) {

    /** A request without proofs yet: {@link #withProof} completes it. */
    public SignupRequest(
            String username,
            byte[] salt,
            KdfParams kdf,
            byte[] authKey,
            PublicKeys publicKeys,
            byte[] wrappedKeys) {
        this(username, salt, kdf, authKey, publicKeys, wrappedKeys, null, null, null);
    }

    public SignupRequest withProof(byte[] challenge, byte[] signature, byte[] agreementProof) {
        return new SignupRequest(
                username,
                salt,
                kdf,
                authKey,
                publicKeys,
                wrappedKeys,
                challenge,
                signature,
                agreementProof);
    }
}
