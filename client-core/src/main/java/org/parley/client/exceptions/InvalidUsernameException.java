package org.parley.client.exceptions;

/** A username that does not follow the Parley rules. */
public class InvalidUsernameException extends ParleyException {
    private static final long serialVersionUID = 1L;

    public InvalidUsernameException(String message) {
        super(message);
    }
}
