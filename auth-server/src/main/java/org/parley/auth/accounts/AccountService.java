package org.parley.auth.accounts;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.parley.auth.http.ApiException;
import org.parley.auth.security.LoginThrottle;
import org.parley.broker.TokenSecurityManager;
import org.parley.crypto.KeyWrapper;
import org.parley.crypto.PasswordKdf;
import org.parley.crypto.SignupProof;
import org.parley.crypto.primitives.WeakKdfException;
import org.parley.model.KdfParams;
import org.parley.model.LoginRequest;
import org.parley.model.LoginResponse;
import org.parley.model.PreloginRequest;
import org.parley.model.PreloginResponse;
import org.parley.model.PublicKeys;
import org.parley.model.SignupChallengeRequest;
import org.parley.model.SignupChallengeResponse;
import org.parley.model.SignupRequest;
import org.parley.model.SignupResponse;
import org.parley.model.TokenResponse;
import org.parley.model.UserKeysResponse;
import org.parley.model.Usernames;

/**
 * Prelogin, signup, login and public key lookup (PROTOCOL.md, HTTP API). The server only ever
 * handles the client's authKey (to bcrypt it) and opaque wrapped keys; it cannot derive the
 * password or the wrapKey from anything it stores.
 */
public final class AccountService {

    private static final int AUTH_KEY_BYTES = 32;

    private final AccountStore accounts;
    private final PasswordHasher hasher;
    private final LoginThrottle throttle;
    private final TokenService tokens;
    private final BrokerDirectory brokers;
    private final ServerSecretMac preloginMac;
    private final DeviceCookies deviceCookies;
    private final SignupChallenges challenges;
    private final Clock clock;

    public AccountService(
            AccountStore accounts,
            PasswordHasher hasher,
            LoginThrottle throttle,
            TokenService tokens,
            BrokerDirectory brokers,
            ServerKeys keys,
            DeviceCookies deviceCookies,
            SignupChallenges challenges,
            Clock clock) {
        this.accounts = Objects.requireNonNull(accounts, "accounts");
        this.hasher = Objects.requireNonNull(hasher, "hasher");
        this.throttle = Objects.requireNonNull(throttle, "throttle");
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.brokers = Objects.requireNonNull(brokers, "brokers");
        this.preloginMac = new ServerSecretMac(keys);
        this.deviceCookies = Objects.requireNonNull(deviceCookies, "deviceCookies");
        this.challenges = Objects.requireNonNull(challenges, "challenges");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * The account's salt and KDF parameters; for an unknown user, a stable fake of the same shape.
     */
    public PreloginResponse prelogin(PreloginRequest request) {
        String username = username(request.username());
        // Computed for every request so known and unknown users cost the same.
        byte[] fakeSalt = fakeSalt(username);
        return accounts.find(username)
                .map(account -> new PreloginResponse(account.salt(), account.kdf()))
                .orElseGet(() -> new PreloginResponse(fakeSalt, KdfParams.DEFAULT));
    }

    /** Names the broker nodes use for themselves, plus the obvious impersonation bait. */
    static final Set<String> RESERVED_USERNAMES =
            Set.of(
                    TokenSecurityManager.CLUSTER_USER,
                    TokenSecurityManager.SERVICE_USER,
                    "admin",
                    "administrator",
                    "root",
                    "parley",
                    "system",
                    "support",
                    "security");

    /** A challenge the signup of {@code username} must prove its keys against (decision 0014). */
    public SignupChallengeResponse signupChallenge(SignupChallengeRequest request) {
        String username = username(request.username());
        if (RESERVED_USERNAMES.contains(username)) {
            throw ApiException.invalidUsername("The username " + username + " is reserved.");
        }
        return challenges.issue(username);
    }

    public SignupResponse signup(SignupRequest request) {
        String username = username(request.username());
        if (RESERVED_USERNAMES.contains(username)) {
            // The brokers' own principals: an account of that name could never log in to a broker.
            throw ApiException.invalidUsername("The username " + username + " is reserved.");
        }
        byte[] salt = required(request.salt(), "salt");
        if (salt.length != PasswordKdf.SALT_BYTES) {
            throw ApiException.invalidRequest(
                    "The salt must be " + PasswordKdf.SALT_BYTES + " bytes.");
        }
        KdfParams kdf = required(request.kdf(), "kdf");
        try {
            kdf.requireAcceptable();
        } catch (WeakKdfException e) {
            throw new ApiException(400, "weak_kdf", messageOf(e));
        }
        byte[] authKey = authKey(request.authKey());
        PublicKeys publicKeys = required(request.publicKeys(), "publicKeys");
        try {
            publicKeys.requireValid();
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidRequest(messageOf(e));
        }
        byte[] wrappedKeys = required(request.wrappedKeys(), "wrappedKeys");
        if (wrappedKeys.length != KeyWrapper.BLOB_BYTES || wrappedKeys[0] != KeyWrapper.FORMAT_V1) {
            throw ApiException.invalidRequest(
                    "The wrapped keys must be a version 1 blob of "
                            + KeyWrapper.BLOB_BYTES
                            + " bytes.");
        }
        requireProofOfPossession(username, request, publicKeys);
        // Saves a bcrypt for the common case; the unique constraint still decides a race.
        if (accounts.find(username).isPresent()) {
            throw usernameTaken();
        }
        String authHash = hasher.hash(authKey);
        Account account =
                new Account(username, authHash, publicKeys, wrappedKeys, salt, kdf, false, null);
        if (!accounts.create(account)) {
            throw usernameTaken();
        }
        return new SignupResponse(username);
    }

    /**
     * The submitted keys must be the signer's own: a signature by the identity key and an agreement
     * proof by the X25519 key, over the transcript of a challenge issued for this username. Without
     * it anyone could sign up with another account's public keys.
     */
    private void requireProofOfPossession(
            String username, SignupRequest request, PublicKeys publicKeys) {
        byte[] challenge = required(request.challenge(), "challenge");
        byte[] signature = required(request.signature(), "signature");
        byte[] agreementProof = required(request.agreementProof(), "agreementProof");
        byte[] serverAgreementPrivate = challenges.check(username, challenge);
        try {
            byte[] transcript =
                    SignupProof.transcript(
                            username,
                            challenge,
                            org.parley.crypto.primitives.X25519.publicKey(serverAgreementPrivate),
                            publicKeys);
            if (!SignupProof.verifySignature(publicKeys, transcript, signature)) {
                throw SignupChallenges.invalid(
                        "The signature does not prove possession of the identity key.");
            }
            if (!SignupProof.verifyAgreement(
                    serverAgreementPrivate, publicKeys, transcript, agreementProof)) {
                throw SignupChallenges.invalid(
                        "The agreement proof does not prove possession of the agreement key.");
            }
        } finally {
            Arrays.fill(serverAgreementPrivate, (byte) 0);
        }
    }

    /**
     * Checks the authKey and hands back what a new device needs. Unknown user, wrong key and
     * disabled account fail identically, after the same bcrypt work.
     *
     * <p>Throttling (decision 0014): a login presenting a valid device cookie for this account is
     * limited only by that cookie's own failures; any other login by its address's and the
     * account's (delayed, never locked) limits. Every success hands out a fresh device cookie.
     */
    public LoginResponse login(LoginRequest request, String clientAddress) {
        String username = username(request.username());
        byte[] authKey = authKey(request.authKey());
        String deviceId =
                deviceCookies
                        .verify(username, request.deviceCookie())
                        .filter(id -> !throttle.deviceLockedOut(id))
                        .orElse(null);
        if (deviceId == null) {
            Optional<Duration> wait = throttle.retryAfter(username, clientAddress);
            if (wait.isPresent()) {
                throw ApiException.throttled(wait.get());
            }
        }
        Optional<Account> found = accounts.find(username);
        boolean keyMatches;
        if (found.isPresent()) {
            keyMatches = hasher.verify(authKey, found.get().authHash());
        } else {
            hasher.verifyAgainstNobody(authKey);
            keyMatches = false;
        }
        if (!keyMatches || found.get().disabled()) {
            if (deviceId != null) {
                throttle.recordDeviceFailure(deviceId);
            } else {
                throttle.recordFailure(username, clientAddress);
            }
            throw ApiException.invalidCredentials();
        }
        Account account = found.get();
        if (deviceId == null) {
            throttle.recordSuccess(username);
        }
        accounts.recordLogin(username, clock.instant());
        TokenResponse token = tokens.issue(username);
        return new LoginResponse(
                username,
                token.token(),
                token.expiresAt(),
                account.wrappedKeys(),
                account.publicKeys(),
                account.salt(),
                account.kdf(),
                brokers.brokersFor(username),
                deviceCookies.issue(username));
    }

    /**
     * @throws ApiException 404 {@code unknown_user}, also for a name that cannot exist
     */
    public UserKeysResponse publicKeys(String name) {
        Account account = accounts.named(name);
        return new UserKeysResponse(account.username(), account.publicKeys());
    }

    byte[] fakeSalt(String username) {
        return Arrays.copyOf(
                preloginMac.of(("prelogin|" + username).getBytes(StandardCharsets.UTF_8)),
                PasswordKdf.SALT_BYTES);
    }

    private static String username(@Nullable String raw) {
        if (raw == null) {
            throw ApiException.invalidRequest("The username is missing.");
        }
        try {
            return Usernames.normalize(raw);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidUsername(messageOf(e));
        }
    }

    private static byte[] authKey(byte @Nullable [] raw) {
        byte[] authKey = required(raw, "authKey");
        if (authKey.length != AUTH_KEY_BYTES) {
            throw ApiException.invalidRequest("The authKey must be " + AUTH_KEY_BYTES + " bytes.");
        }
        return authKey;
    }

    private static <T> T required(@Nullable T value, String field) {
        if (value == null) {
            throw ApiException.invalidRequest("The field '" + field + "' is missing.");
        }
        return value;
    }

    /** The checks that throw these always say why; the fallback only keeps a 400 a 400. */
    private static String messageOf(Exception e) {
        return Objects.requireNonNullElse(e.getMessage(), "The request is invalid.");
    }

    private static ApiException usernameTaken() {
        return new ApiException(409, "username_taken", "That username is taken.");
    }
}
