package org.parley.auth;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
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
    private final Duration lifetime;
    private final Clock clock;

    public TokenService(ServerKeys keys, AccountStore accounts, Duration lifetime, Clock clock) {
        this.signingPrivate = keys.signingPrivateKey();
        this.signingPublic = keys.signingPublicKey();
        this.accounts = Objects.requireNonNull(accounts, "accounts");
        this.lifetime = Objects.requireNonNull(lifetime, "lifetime");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** @param username canonical */
    public TokenResponse issue(String username) {
        SessionClaims claims = SessionClaims.session(username, clock.instant(), lifetime);
        return new TokenResponse(SessionTokens.issue(signingPrivate, claims), claims.expiresAt().toEpochMilli());
    }

    /**
     * The user a bearer token speaks for: the signature and expiry must check out, and the account
     * must still exist, be enabled and not have revoked tokens issued this early.
     *
     * @throws ApiException 401 {@code invalid_token} otherwise
     */
    public String authenticate(String token) {
        SessionClaims claims;
        try {
            claims = SessionTokens.verify(signingPublic, token, clock);
        } catch (InvalidTokenException | IllegalArgumentException e) {
            log.debug("Refused token: {}", e.getMessage());
            throw ApiException.invalidToken();
        }
        return accounts.find(claims.sub())
                .filter(account -> account.acceptsTokenIssuedAt(claims.iat()))
                .map(Account::username)
                .orElseThrow(ApiException::invalidToken);
    }

    /** A fresh token for the holder of a still-valid one. */
    public TokenResponse refresh(String token) {
        return issue(authenticate(token));
    }
}
