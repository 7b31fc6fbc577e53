package org.parley.client.exceptions;

/** The directory has no user of that name. */
public class UnknownUserException extends ParleyException {
    private static final long serialVersionUID = 1L;
    private final String username;

    public UnknownUserException(String username) {
        super("There is no Parley user '" + username + "'.");
        this.username = username;
    }

    public String username() {
        return username;
    }
}
