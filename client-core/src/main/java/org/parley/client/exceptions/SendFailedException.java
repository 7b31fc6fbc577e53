package org.parley.client.exceptions;

import java.util.Objects;

/**
 * A send that failed, and whether the message was kept. Not kept: it was refused before it was
 * stored (invalid input, unknown user, key changed, directory unreachable, session closed), so
 * nothing is in the history and the caller holds the only copy. Kept: it is in the history, FAILED
 * (the broker refused it, or a file transfer was cancelled), or still SENDING when the session
 * closed before a broker had it (it goes out again at the next login). The reason is the cause; the
 * message is the reason's.
 */
public final class SendFailedException extends ParleyException {
    private static final long serialVersionUID = 1L;
    private final boolean kept;

    public SendFailedException(ParleyException reason, boolean kept) {
        super(String.valueOf(reason.getMessage()), reason);
        this.kept = kept;
    }

    /** Whether the message is in the history (so the caller need not keep its text). */
    public boolean kept() {
        return kept;
    }

    /** Why the send failed. */
    public ParleyException reason() {
        return (ParleyException) Objects.requireNonNull(getCause(), "set by the constructor");
    }

    /**
     * The reason behind a failure: a {@link SendFailedException}'s reason, else the failure as
     * {@link ParleyException#unwrap} finds it.
     */
    public static ParleyException reasonOf(Throwable failure) {
        ParleyException e = unwrap(failure);
        return e instanceof SendFailedException f ? f.reason() : e;
    }
}
