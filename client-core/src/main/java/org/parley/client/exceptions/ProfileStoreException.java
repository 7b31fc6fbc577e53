package org.parley.client.exceptions;

/** The local encrypted profile could not be read or written. */
public class ProfileStoreException extends ParleyException {
    private static final long serialVersionUID = 1L;

    public ProfileStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
