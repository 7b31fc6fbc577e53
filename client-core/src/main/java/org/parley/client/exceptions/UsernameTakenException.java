package org.parley.client.exceptions;

import org.jspecify.annotations.Nullable;

/** Signup with a username that already exists. */
public class UsernameTakenException extends ParleyException {
    private static final long serialVersionUID = 1L;

    /** {@code null} when the request named no user (a token-only call). */
    private final @Nullable String username;

    public UsernameTakenException(@Nullable String username) {
        super("The username '" + username + "' is already taken.");
        this.username = username;
    }

    public @Nullable String username() {

        return username;
    }
}
