package org.parley.model;

import org.jspecify.annotations.Nullable;

/**
 * {@code POST /api/v1/login} request. {@code deviceCookie} is what an earlier successful login from
 * this device answered (absent on a new device): a login presenting a valid one is limited per
 * cookie, not by the account-wide delay that other sources' wrong guesses cause.
 */
public record LoginRequest(String username, byte[] authKey, @Nullable String deviceCookie) {

    public LoginRequest(String username, byte[] authKey) {
        this(username, authKey, null);
    }
}
