package org.parley.client.auth;

import java.time.Clock;
import org.parley.client.exceptions.ParleyException;
import org.parley.client.exceptions.SessionExpiredException;
import org.parley.client.transport.BrokerCredentials;
import org.parley.model.TokenResponse;

/** Holds the current session token and renews it through the auth server. Thread-safe. */
public final class TokenKeeper implements BrokerCredentials {
    /** A token with less than this left is renewed before use. */
    public static final long MIN_REMAINING_MS = 30_000;

    private final String username;
    private final AuthApiClient api;
    private final Clock clock;
    private String token;
    private long expiresAt;

    public TokenKeeper(
            String username, AuthApiClient api, Clock clock, String token, long expiresAt) {
        this.username = username;
        this.api = api;
        this.clock = clock;
        this.token = token;
        this.expiresAt = expiresAt;
    }

    @Override
    public String username() {
        return username;
    }

    public synchronized long expiresAt() {
        return expiresAt;
    }

    /** The current token as it is, never renewed (for logging it out). */
    public synchronized String peek() {
        return token;
    }

    /** The current token, renewed first if it is about to expire. */
    public synchronized String current() {
        if (expiresAt - clock.millis() < MIN_REMAINING_MS) {
            try {
                renew();
            } catch (SessionExpiredException e) {
                throw e;
            } catch (ParleyException e) {
                // Still try the old one: a broker may accept it if it has not quite expired.
            }
        }
        return token;
    }

    @Override
    public synchronized String token(boolean renew) {
        if (renew) {
            renew();
            return token;
        }
        return current();
    }

    /** Exchanges the token for a fresh one. */
    public synchronized void renew() {
        TokenResponse r = api.refreshToken(token);
        token = r.token();
        expiresAt = r.expiresAt();
    }
}
