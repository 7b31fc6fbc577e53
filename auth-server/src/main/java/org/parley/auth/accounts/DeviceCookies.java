package org.parley.auth.accounts;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Device cookies (OWASP, "Slow down online guessing attacks with device cookies"): a random
 * per-device login token handed out on a successful login, bound to the username and signed with
 * the server secret, so checking one needs no storage. Format: {@code v1.<nonce>.<issued epoch
 * s>.<mac>} (base64url, no padding). Not a credential: it only lets its device's logins skip the
 * account-wide delay and the address limit (decision 0014).
 */
public final class DeviceCookies {

    public static final Duration LIFETIME = Duration.ofDays(365);

    /** Longest cookie string looked at; anything longer is ignored unparsed. */
    static final int MAX_CHARS = 200;

    private static final int NONCE_BYTES = 16;
    private static final String PREFIX = "v1.";

    private final ServerSecretMac serverMac;
    private final SecureRandom random;
    private final Clock clock;

    public DeviceCookies(ServerKeys keys, SecureRandom random, Clock clock) {
        this.serverMac = new ServerSecretMac(keys);
        this.random = Objects.requireNonNull(random, "random");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A new cookie for {@code username} (canonical) on the device that just logged in. */
    public String issue(String username) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        long issued = clock.instant().getEpochSecond();
        String n = b64(nonce);
        return PREFIX + n + "." + issued + "." + b64(mac(username, n, issued));
    }

    /**
     * The cookie's id (its nonce) if {@code cookie} was issued by this server for {@code username}
     * and has not expired; empty for anything else, including null and garbage.
     */
    public Optional<String> verify(String username, @Nullable String cookie) {
        if (cookie == null || cookie.length() > MAX_CHARS || !cookie.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String[] parts = cookie.substring(PREFIX.length()).split("\\.", -1);
        if (parts.length != 3) {
            return Optional.empty();
        }
        long issued;
        byte[] presented;
        try {
            if (Base64.getUrlDecoder().decode(parts[0]).length != NONCE_BYTES) {
                return Optional.empty();
            }
            issued = Long.parseLong(parts[1]);
            presented = Base64.getUrlDecoder().decode(parts[2]);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        long now = clock.instant().getEpochSecond();
        if (issued > now + 60 || now - issued > LIFETIME.toSeconds()) {
            return Optional.empty();
        }
        if (!MessageDigest.isEqual(presented, mac(username, parts[0], issued))) {
            return Optional.empty();
        }
        return Optional.of(parts[0]);
    }

    private byte[] mac(String username, String nonce, long issued) {
        return serverMac.of(
                "parley-device-cookie-v1|".getBytes(StandardCharsets.US_ASCII),
                (username + "|" + nonce + "|").getBytes(StandardCharsets.UTF_8),
                ServerSecretMac.bytes(issued));
    }

    private static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
