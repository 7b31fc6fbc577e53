package org.parley.crypto;

import java.time.Duration;
import java.time.Instant;
import org.parley.model.Ids;
import org.parley.model.ProtocolVersion;

/**
 * The payload of a session token. {@code iat} and {@code exp} are epoch seconds; {@code jti} is a
 * 32-hex-character token id, made at login and kept by refreshes: it names the login session.
 */
public record SessionClaims(int v, String typ, String sub, long iat, long exp, String jti) {

    public static final String TYPE_SESSION = "session";

    /**
     * Claims for a new session token for {@code username}, valid from {@code now} for {@code
     * lifetime}.
     */
    public static SessionClaims session(String username, Instant now, Duration lifetime) {
        long iat = now.getEpochSecond();
        return new SessionClaims(
                ProtocolVersion.CURRENT,
                TYPE_SESSION,
                username,
                iat,
                iat + lifetime.toSeconds(),
                Ids.newId());
    }

    /**
     * Claims for the token a refresh of {@code previous} hands out: same user and token id (the id
     * names the login session, so logging out revokes every token it was refreshed into).
     */
    public static SessionClaims refreshed(SessionClaims previous, Instant now, Duration lifetime) {
        long iat = now.getEpochSecond();
        return new SessionClaims(
                ProtocolVersion.CURRENT,
                TYPE_SESSION,
                previous.sub(),
                iat,
                iat + lifetime.toSeconds(),
                previous.jti());
    }

    public Instant expiresAt() {
        return Instant.ofEpochSecond(exp);
    }
}
