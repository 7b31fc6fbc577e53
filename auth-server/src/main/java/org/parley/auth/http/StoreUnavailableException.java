package org.parley.auth.http;

/** The account database could not be reached or failed; the client gets 503 and may retry. */
public final class StoreUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
