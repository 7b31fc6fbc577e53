package org.parley.client.exceptions;

/**
 * The recipient's inbox on the broker holds as many unread messages as it may (the broker's
 * per-inbox page limit): this message was not sent. It is stored as FAILED; sending works again
 * once the recipient has read their backlog.
 */
public class InboxFullException extends ParleyException {
    private static final long serialVersionUID = 1L;
    private final String recipient;

    public InboxFullException(String recipient, Throwable cause) {
        super(
                recipient
                        + "'s inbox is full (too many unread messages), so this message was not sent. "
                        + "Try again once they have caught up.",
                cause);
        this.recipient = recipient;
    }

    /** For a more specific reason the inbox takes no more of this sender's messages. */
    protected InboxFullException(String recipient, String message, Throwable cause) {
        super(message, cause);
        this.recipient = recipient;
    }

    public String recipient() {
        return recipient;
    }
}
