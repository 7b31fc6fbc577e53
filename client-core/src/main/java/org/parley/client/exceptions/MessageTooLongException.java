package org.parley.client.exceptions;

/** A text over the client's length limit; nothing was sent. */
public class MessageTooLongException extends ParleyException {
    private static final long serialVersionUID = 1L;
    private final int limit;

    public MessageTooLongException(int length, int limit) {
        super("The message is too long (" + length + " characters; the limit is " + limit + ").");
        this.limit = limit;
    }

    public int limit() {
        return limit;
    }
}
