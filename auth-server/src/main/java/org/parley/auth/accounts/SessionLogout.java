package org.parley.auth.accounts;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.parley.auth.admin.BrokerFleet;
import org.parley.auth.http.ApiException;
import org.parley.auth.security.RevokedTokens;
import org.parley.crypto.SessionClaims;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Server-side logout (decision 0014): the bearer token's session (its token id, kept across
 * refreshes) is recorded in {@link RevokedTokens}, so token refresh refuses it, and pushed to every
 * broker node, which refuses its tokens on new connections and closes its open ones. Other sessions
 * of the same user stay. A node that is down learns of it from {@code RevocationSync}.
 */
public final class SessionLogout {

    /** How the logout went at the brokers. */
    public record Result(String username, int brokersApplied, int brokersMissed) {}

    private static final Logger log = LoggerFactory.getLogger(SessionLogout.class);

    private final TokenService tokens;
    private final RevokedTokens revoked;
    private final BrokerFleet fleet;
    private final Clock clock;

    public SessionLogout(
            TokenService tokens, RevokedTokens revoked, BrokerFleet fleet, Clock clock) {
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.revoked = Objects.requireNonNull(revoked, "revoked");
        this.fleet = Objects.requireNonNull(fleet, "fleet");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * @throws ApiException 401 {@code invalid_token} if the token is not valid (already logged out,
     *     say)
     */
    public Result logout(String bearerToken) {
        SessionClaims claims = tokens.authenticateClaims(bearerToken);
        // Every token of the session was issued before now, so none outlives now + the lifetime.
        Instant until = clock.instant().plus(tokens.lifetime()).plus(Duration.ofMinutes(1));
        if (claims.expiresAt().isAfter(until)) {
            until = claims.expiresAt();
        }
        revoked.revoke(claims.jti(), claims.sub(), until);
        if (!fleet.reachable()) {
            return new Result(claims.sub(), 0, 0);
        }
        List<BrokerFleet.Delivery> deliveries =
                fleet.revokeSessions(
                        List.of(new RevokedTokens.Revoked(claims.jti(), claims.sub(), until)));
        int applied = (int) deliveries.stream().filter(BrokerFleet.Delivery::applied).count();
        if (applied < deliveries.size()) {
            log.warn(
                    "Logout of a session of {}: {} broker node(s) did not answer; they learn of it at the next sync",
                    claims.sub(),
                    deliveries.size() - applied);
        }
        return new Result(claims.sub(), applied, deliveries.size() - applied);
    }
}
