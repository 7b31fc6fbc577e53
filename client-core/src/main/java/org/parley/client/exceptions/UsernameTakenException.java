package org.parley.client.exceptions;

/** Signup with a username that already exists. */
public class UsernameTakenException extends ParleyException {
    private static final long serialVersionUID = 1L;
    private final String username;

    public UsernameTakenException(String username) {
        super("The username '" + username + "' is already taken.");
        this.username = username;
    }

    public String username() {
        return username;
    }
}
