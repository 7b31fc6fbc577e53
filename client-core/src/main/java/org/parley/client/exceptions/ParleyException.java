package org.parley.client.exceptions;

import org.jspecify.annotations.Nullable;

/**
 * Base of every failure the client core reports. The message is a sentence meant for a person (the
 * UI shows it, the CLI prints it); subclasses let callers react to specific cases. Unchecked, so it
 * travels through {@link java.util.concurrent.CompletableFuture} unchanged.
 */
public class ParleyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ParleyException(String message) {
        super(message);
    }

    public ParleyException(String message, @Nullable Throwable cause) {

        super(message, cause);
    }

    /** The innermost ParleyException behind a future's failure, or a generic one wrapping it. */
    public static ParleyException unwrap(Throwable t) {
        Throwable cur = t;
        while (cur != null) {
            if (cur instanceof ParleyException pe) {
                return pe;
            }
            cur = cur.getCause();
        }
        String detail = t == null ? "unknown error" : String.valueOf(t.getMessage());
        return new ParleyException("Unexpected error: " + detail, t);
    }
}
