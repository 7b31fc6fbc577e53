package org.parley.auth.accounts;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import org.parley.auth.http.ApiException;
import org.parley.crypto.primitives.X25519;
import org.parley.model.SignupChallengeResponse;

/**
 * Stateless signup challenges (decision 0014): {@code nonce(16) || expires epoch s (8) ||
 * HMAC(server secret, username, nonce, expiry)(32)}, so any auth server sharing the secret can
 * check one without storage. The X25519 key the client proves its agreement key against is derived
 * from the server secret and the challenge, so it too needs no storage. A challenge can be used
 * again until it expires, but only for the username it names, which can be created once.
 */
public final class SignupChallenges {

    public static final Duration LIFETIME = Duration.ofMinutes(5);
    static final int BYTES = 16 + 8 + 32;

    private final ServerSecretMac serverMac;
    private final SecureRandom random;
    private final Clock clock;

    public SignupChallenges(ServerKeys keys, SecureRandom random, Clock clock) {
        this.serverMac = new ServerSecretMac(keys);
        this.random = Objects.requireNonNull(random, "random");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * @param username canonical
     */
    public SignupChallengeResponse issue(String username) {
        byte[] nonce = new byte[16];
        random.nextBytes(nonce);
        long expires = clock.instant().plus(LIFETIME).getEpochSecond();
        byte[] challenge =
                ByteBuffer.allocate(BYTES)
                        .put(nonce)
                        .putLong(expires)
                        .put(mac("challenge", username, nonce, expires))
                        .array();
        return new SignupChallengeResponse(
                challenge, X25519.publicKey(agreementPrivate(challenge)), expires * 1000);
    }

    /**
     * The private half of the challenge's agreement key, if {@code challenge} was issued by this
     * server for {@code username} and has not expired.
     *
     * @throws ApiException 400 {@code invalid_signup_proof} otherwise
     */
    public byte[] check(String username, byte[] challenge) {
        if (challenge == null || challenge.length != BYTES) {
            throw invalid("The signup challenge is missing or malformed; ask for a new one.");
        }
        ByteBuffer b = ByteBuffer.wrap(challenge);
        byte[] nonce = new byte[16];
        b.get(nonce);
        long expires = b.getLong();
        byte[] presented = new byte[32];
        b.get(presented);
        if (!MessageDigest.isEqual(presented, mac("challenge", username, nonce, expires))) {
            throw invalid("The signup challenge was not issued for this username.");
        }
        if (clock.instant().getEpochSecond() > expires) {
            throw invalid("The signup challenge has expired; ask for a new one.");
        }
        return agreementPrivate(challenge);
    }

    static ApiException invalid(String message) {
        return new ApiException(400, "invalid_signup_proof", message);
    }

    private byte[] agreementPrivate(byte[] challenge) {
        return mac("agreement", "", challenge, 0);
    }

    private byte[] mac(String purpose, String username, byte[] data, long number) {
        return serverMac.of(
                ("parley-signup-" + purpose + "|" + username + "|")
                        .getBytes(StandardCharsets.UTF_8),
                data,
                ServerSecretMac.bytes(number));
    }
}
