package org.parley.client.exceptions;

/** The server refused the username/password pair (same answer for an unknown user). */
public class InvalidCredentialsException extends ParleyException {
    private static final long serialVersionUID = 1L;

    public InvalidCredentialsException() {
        super("Wrong username or password.");
    }
}
