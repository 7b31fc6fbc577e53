package org.parley.client.exceptions;

import org.jspecify.annotations.Nullable;

/** The directory has no user of that name. */
public class UnknownUserException extends ParleyException {
    private static final long serialVersionUID = 1L;

    /** {@code null} when the request named no user (a token-only call). */
    private final @Nullable String username;

    public UnknownUserException(@Nullable String username) {
        super("There is no Parley user '" + username + "'.");
        this.username = username;
    }

    public @Nullable String username() {

        return username;
    }
}
