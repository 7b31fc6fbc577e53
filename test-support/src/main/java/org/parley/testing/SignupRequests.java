package org.parley.testing;

import java.security.SecureRandom;
import java.util.function.Consumer;
import org.parley.crypto.IdentityKeyPair;
import org.parley.crypto.KeyWrapper;
import org.parley.crypto.PasswordKdf;
import org.parley.crypto.SignupProof;
import org.parley.crypto.primitives.CryptoException;
import org.parley.model.KdfParams;
import org.parley.model.PublicKeys;
import org.parley.model.SignupChallengeResponse;
import org.parley.model.SignupRequest;

/** Signup requests as tests make them, for the real auth server or a stand-in. */
public final class SignupRequests {
    private static final SecureRandom RANDOM = new SecureRandom();

    private SignupRequests() {}

    /**
     * A request without Argon2 (the server cannot tell): the auth key as it is, the identity keys
     * wrapped under a random key; for accounts whose keys a test never recovers. The proofs of
     * possession still have to be added ({@link #proven}).
     */
    public static SignupRequest cheap(String username, byte[] authKey, IdentityKeyPair identity) {
        byte[] salt = new byte[PasswordKdf.SALT_BYTES];
        RANDOM.nextBytes(salt);
        byte[] wrapKey = new byte[32];
        RANDOM.nextBytes(wrapKey);
        return new SignupRequest(
                username,
                salt,
                KdfParams.DEFAULT,
                authKey,
                identity.publicKeys(),
                KeyWrapper.wrap(identity, wrapKey, username, salt, KdfParams.DEFAULT));
    }

    /**
     * {@code request} with proofs of possession of {@code identity}'s keys over {@code challenge}.
     */
    public static SignupRequest proven(
            SignupRequest request, IdentityKeyPair identity, SignupChallengeResponse challenge) {
        try {
            SignupProof.Proofs proofs =
                    SignupProof.prove(
                            identity,
                            request.username(),
                            challenge.challenge(),
                            challenge.serverAgreementKey());
            return request.withProof(
                    challenge.challenge(), proofs.signature(), proofs.agreementProof());
        } catch (CryptoException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * {@code request}'s fields without its proofs, with what {@code change} sets: a wrong request
     * that says only what is wrong in it, as {@code unproven(r, f -> f.salt = new byte[15])}.
     */
    public static SignupRequest unproven(SignupRequest request, Consumer<Fields> change) {
        Fields f = new Fields(request);
        change.accept(f);
        return new SignupRequest(f.username, f.salt, f.kdf, f.authKey, f.publicKeys, f.wrappedKeys);
    }

    /** The fields of a signup request before its proofs, for {@link #unproven} to change. */
    public static final class Fields {
        public String username;
        public byte[] salt;
        public KdfParams kdf;
        public byte[] authKey;
        public PublicKeys publicKeys;
        public byte[] wrappedKeys;

        private Fields(SignupRequest request) {
            username = request.username();
            salt = request.salt();
            kdf = request.kdf();
            authKey = request.authKey();
            publicKeys = request.publicKeys();
            wrappedKeys = request.wrappedKeys();
        }
    }
}
