package org.parley.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import org.parley.crypto.DerivedKeys;
import org.parley.crypto.IdentityKeyPair;
import org.parley.crypto.KeyWrapper;
import org.parley.crypto.PasswordKdf;
import org.parley.crypto.primitives.CryptoException;
import org.parley.model.KdfParams;
import org.parley.model.LoginRequest;
import org.parley.model.LoginResponse;
import org.parley.model.PreloginRequest;
import org.parley.model.PreloginResponse;
import org.parley.model.SignupChallengeRequest;
import org.parley.model.SignupChallengeResponse;
import org.parley.model.SignupRequest;
import org.parley.testing.SignupRequests;

/** The client side of the account protocol, as a fresh device would run it. */
public final class TestDevice {

    public static final SecureRandom RANDOM = new SecureRandom();

    /** What signing up made on the first device. */
    public record Signup(
            String username,
            String password,
            IdentityKeyPair identity,
            byte[] salt,
            DerivedKeys keys,
            SignupRequest request) {}

    /** What logging in recovered on a new device. */
    public record Login(LoginResponse response, DerivedKeys keys, IdentityKeyPair identity) {}

    private TestDevice() {}

    /** The real signup: Argon2id, identity keys, wrapped blob. */
    public static Signup signup(ApiClient api, String username, String password) throws Exception {
        byte[] salt = random(16);
        DerivedKeys keys = PasswordKdf.derive(password, salt, KdfParams.DEFAULT);
        IdentityKeyPair identity = IdentityKeyPair.generate(RANDOM);
        SignupRequest request =
                prove(
                        api,
                        new SignupRequest(
                                username,
                                salt,
                                KdfParams.DEFAULT,
                                keys.authKey(),
                                identity.publicKeys(),
                                KeyWrapper.wrap(
                                        identity,
                                        keys.wrapKey(),
                                        username,
                                        salt,
                                        KdfParams.DEFAULT)),
                        identity);
        ApiClient.Reply reply = api.post("/api/v1/signup", request);
        assertThat(reply.status()).as("signup of %s: %s", username, reply).isEqualTo(201);
        return new Signup(username, password, identity, salt, keys, request);
    }

    /**
     * A signup request without Argon2 (the server cannot tell): for accounts whose keys a test
     * never recovers. The authKey is the "password".
     */
    public static SignupRequest cheapSignupRequest(ApiClient api, String username, byte[] authKey) {
        IdentityKeyPair identity = IdentityKeyPair.generate(RANDOM);
        return prove(api, SignupRequests.cheap(username, authKey, identity), identity);
    }

    /** Signs {@code username} up with a {@link #cheapSignupRequest}; asserts the 201. */
    public static void cheapSignup(ApiClient api, String username, byte[] authKey) {
        ApiClient.Reply reply =
                api.post("/api/v1/signup", cheapSignupRequest(api, username, authKey));
        assertThat(reply.status()).as("signup of %s: %s", username, reply).isEqualTo(201);
    }

    /** Logs in with {@code authKey} as it is (no KDF); asserts the 200. */
    public static LoginResponse loginWithKey(ApiClient api, String username, byte[] authKey) {
        ApiClient.Reply reply = api.post("/api/v1/login", new LoginRequest(username, authKey));
        assertThat(reply.status()).as("login of %s: %s", username, reply).isEqualTo(200);
        return reply.as(LoginResponse.class);
    }

    /**
     * {@code request} with proofs of possession of {@code identity}'s keys over a fresh server
     * challenge; unchanged when the server refuses a challenge for its username.
     */
    public static SignupRequest prove(
            ApiClient api, SignupRequest request, IdentityKeyPair identity) {
        ApiClient.Reply reply =
                api.post(
                        "/api/v1/signup/challenge", new SignupChallengeRequest(request.username()));
        if (reply.status() != 200) {
            return request; // a name the server refuses: the signup itself is refused for it too
        }
        return SignupRequests.proven(request, identity, reply.as(SignupChallengeResponse.class));
    }

    /** A new device knowing only the username and password: prelogin, derive, login, unwrap. */
    public static Login login(ApiClient api, String username, String password) throws Exception {
        ApiClient.Reply prelogin = api.post("/api/v1/prelogin", new PreloginRequest(username));
        assertThat(prelogin.status()).as("prelogin: %s", prelogin).isEqualTo(200);
        PreloginResponse params = prelogin.as(PreloginResponse.class);
        DerivedKeys keys = PasswordKdf.derive(password, params.salt(), params.kdf());
        ApiClient.Reply reply =
                api.post("/api/v1/login", new LoginRequest(username, keys.authKey()));
        assertThat(reply.status()).as("login: %s", reply).isEqualTo(200);
        LoginResponse response = reply.as(LoginResponse.class);
        IdentityKeyPair identity = unwrap(response, keys);
        return new Login(response, keys, identity);
    }

    public static IdentityKeyPair unwrap(LoginResponse response, DerivedKeys keys)
            throws CryptoException {
        return KeyWrapper.unwrap(
                response.wrappedKeys(),
                keys.wrapKey(),
                response.username(),
                response.salt(),
                response.kdf(),
                response.publicKeys());
    }

    public static byte[] random(int length) {
        byte[] bytes = new byte[length];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
