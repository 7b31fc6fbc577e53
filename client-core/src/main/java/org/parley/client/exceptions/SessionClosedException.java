package org.parley.client.exceptions;

/** An operation was attempted on a session after logout or close. */
public class SessionClosedException extends ParleyException {
    private static final long serialVersionUID = 1L;

    public SessionClosedException() {
        super("This session has been closed.");
    }
}
