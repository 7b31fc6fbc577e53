package org.parley.client.exceptions;

/** The server asked for password-hashing parameters outside what this client accepts. */
public class WeakKdfParametersException extends ParleyException {
    private static final long serialVersionUID = 1L;

    public WeakKdfParametersException(String message) {
        super(message);
    }
}
