package org.parley.client.exceptions;

/** The session token was refused and could not be renewed. */
public class SessionExpiredException extends ParleyException {
    private static final long serialVersionUID = 1L;

    public SessionExpiredException() {
        super("Your session has expired. Log in again.");
    }
}
