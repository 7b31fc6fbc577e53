package org.parley.client.transport;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** A send did not reach a broker. {@link #retryable()} sends may be repeated with the same id. */
public class TransportException extends Exception {
    private static final long serialVersionUID = 1L;
    private final boolean retryable;

    public TransportException(String message, boolean retryable, @Nullable Throwable cause) {

        super(message, cause);
        this.retryable = retryable;
    }

    /** Never null: every constructor takes a message. */
    @Override
    public String getMessage() {
        return Objects.requireNonNull(super.getMessage());
    }

    public boolean retryable() {

        return retryable;
    }
}
