package org.parley.auth.accounts;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import org.parley.auth.http.ApiException;
import org.parley.auth.security.RevokedTokens;
import org.parley.crypto.InvalidTokenException;
import org.parley.crypto.SessionClaims;
import org.parley.crypto.SessionTokens;
import org.parley.model.TokenResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Issues session tokens and checks bearer tokens against the signature and the account's state. */
public final class TokenService {

    private static final Logger log = LoggerFactory.getLogger(TokenService.class);

    private final byte[] signingPrivate;
    private final byte[] signingPublic;
    private final AccountStore accounts;
    private final RevokedTokens revoked;
    private final Duration lifetime;
    private final Clock clock;

    /**
     * @param revoked logged-out sessions; null: none are checked (tests of token issuing alone)
     */
    public TokenService(
            ServerKeys keys,
            AccountStore accounts,
            RevokedTokens revoked,
            Duration lifetime,
            Clock clock) {
        this.signingPrivate = keys.signingPrivateKey();
        this.signingPublic = keys.signingPublicKey();
        this.accounts = Objects.requireNonNull(accounts, "accounts");
        this.revoked = revoked;
        this.lifetime = Objects.requireNonNull(lifetime, "lifetime");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * @param username canonical
     */
    public TokenResponse issue(String username) {
        SessionClaims claims = SessionClaims.session(username, clock.instant(), lifetime);
        return new TokenResponse(
                SessionTokens.issue(signingPrivate, claims), claims.expiresAt().toEpochMilli());
    }

    /**
     * The user a bearer token speaks for: the signature and expiry must check out, the account must
     * still exist, be enabled and not have revoked tokens issued this early, and the token's
     * session must not have logged out.
     *
     * @throws ApiException 401 {@code invalid_token} otherwise
     */
    public String authenticate(String token) {
        return authenticateClaims(token).sub();
    }

    /** {@link #authenticate}, answering the token's claims. */
    public SessionClaims authenticateClaims(String token) {
        SessionClaims claims;
        try {
            claims = SessionTokens.verify(signingPublic, token, clock);
        } catch (InvalidTokenException | IllegalArgumentException e) {
            log.debug("Refused token: {}", e.getMessage());
            throw ApiException.invalidToken();
        }
        boolean accepted =
                accounts.find(claims.sub())
                        .filter(account -> account.acceptsTokenIssuedAt(claims.iat()))
                        .isPresent();
        if (!accepted || (revoked != null && revoked.isRevoked(claims.jti()))) {
            throw ApiException.invalidToken();
        }
        return claims;
    }

    /**
     * A fresh token for the holder of a still-valid one. It keeps the token id: the id names the
     * login session, so a logout revokes every token the session was refreshed into.
     */
    public TokenResponse refresh(String token) {
        SessionClaims old = authenticateClaims(token);
        SessionClaims claims = SessionClaims.refreshed(old, clock.instant(), lifetime);
        return new TokenResponse(
                SessionTokens.issue(signingPrivate, claims), claims.expiresAt().toEpochMilli());
    }

    /** The longest a token lives: a logout's entry is kept this long after it. */
    public Duration lifetime() {
        return lifetime;
    }
}
