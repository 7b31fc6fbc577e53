package org.parley.testing.stack;

import java.net.URI;
import java.net.http.HttpClient;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import org.parley.client.auth.AuthApiClient;
import org.parley.crypto.DerivedKeys;
import org.parley.crypto.EnvelopeCrypto;
import org.parley.crypto.IdentityKeyPair;
import org.parley.crypto.PasswordKdf;
import org.parley.crypto.primitives.WeakKdfException;
import org.parley.model.KdfParams;
import org.parley.model.LoginRequest;
import org.parley.model.LoginResponse;
import org.parley.model.PublicKeys;
import org.parley.model.SignupRequest;
import org.parley.testing.SignupRequests;
import org.slf4j.LoggerFactory;

/**
 * A real account whose secrets the test keeps: made with the same requests {@code
 * ParleyClient.signup} sends (Argon2id at the default cost, wrapped identity keys), so the user can
 * also log in with {@link #password()} through client-core. Keeping the auth key lets a test get
 * real session tokens from the real auth server ({@link #login}) without another Argon2 run, for
 * raw JMS clients; keeping the identity lets it seal envelopes as the user would.
 */
public record TestAccount(
        String username, char[] password, byte[] authKey, IdentityKeyPair identity) {

    public static final SecureRandom RANDOM = new SecureRandom();

    public static TestAccount create(URI authServer, String username) {
        long t0 = System.nanoTime();
        byte[] pw = new byte[18];
        RANDOM.nextBytes(pw);
        char[] password = Base64.getUrlEncoder().withoutPadding().encodeToString(pw).toCharArray();
        byte[] salt = new byte[PasswordKdf.SALT_BYTES];
        RANDOM.nextBytes(salt);
        KdfParams kdf = KdfParams.DEFAULT;
        DerivedKeys keys;
        try {
            keys = PasswordKdf.derive(new String(password), salt, kdf);
        } catch (WeakKdfException e) {
            throw new AssertionError(e);
        }
        IdentityKeyPair identity = IdentityKeyPair.generate(RANDOM);
        api(authServer).signupNewIdentity(username, salt, kdf, keys, identity);
        LoggerFactory.getLogger(TestAccount.class)
                .info("Signed up {} in {} ms", username, (System.nanoTime() - t0) / 1_000_000);
        return new TestAccount(username, password, keys.authKey(), identity);
    }

    /**
     * {@code request} with the proofs of possession a signup needs (a fresh challenge from the
     * server, signed with {@code identity}), for tests that send the signup themselves.
     */
    public static SignupRequest proven(
            URI authServer, SignupRequest request, IdentityKeyPair identity) {
        return SignupRequests.proven(
                request, identity, api(authServer).signupChallenge(request.username()));
    }

    public static AuthApiClient api(URI authServer) {
        return new AuthApiClient(authServer, HttpClient.newHttpClient(), Duration.ofSeconds(30));
    }

    /** {@code POST /login} with the kept auth key: a fresh token and the broker list, no Argon2. */
    public LoginResponse login(URI authServer) {
        return api(authServer).login(new LoginRequest(username, authKey));
    }

    public String token(URI authServer) {
        return login(authServer).token();
    }

    public PublicKeys publicKeys() {
        return identity.publicKeys();
    }

    /** Seals and opens envelopes as this user, the way client-core does. */
    public EnvelopeCrypto crypto() {
        return new EnvelopeCrypto(username, identity);
    }

    @Override
    public String toString() {
        return "TestAccount[" + username + "]";
    }
}
