package org.parley.testing;

import java.security.SecureRandom;
import org.parley.crypto.IdentityKeyPair;
import org.parley.crypto.KeyWrapper;
import org.parley.crypto.PasswordKdf;
import org.parley.model.KdfParams;
import org.parley.model.SignupRequest;

/**
 * Signup requests without Argon2 (the server cannot tell): the auth key is used as it is, the
 * identity keys are wrapped under a random key. For accounts whose keys a test never recovers; the
 * proofs of possession still have to be added against the server's challenge.
 */
public final class CheapSignup {
    private static final SecureRandom RANDOM = new SecureRandom();

    private CheapSignup() {}

    public static SignupRequest request(String username, byte[] authKey, IdentityKeyPair identity) {
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
}
