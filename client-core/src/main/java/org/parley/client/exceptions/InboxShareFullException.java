package org.parley.client.exceptions;

/**
 * This user already has as many unread messages waiting in the recipient's inbox as one sender may
 * have there (the broker's per-sender share, decision 0012): this message was not sent. It is
 * stored as FAILED; sending works again once the recipient has read some. Others can still write to
 * the recipient.
 */
public class InboxShareFullException extends InboxFullException {
    private static final long serialVersionUID = 1L;

    public InboxShareFullException(String recipient, Throwable cause) {
        super(
                recipient,
                "You already have as many unread messages waiting for "
                        + recipient
                        + " as the server keeps from one sender, so this message was not sent. "
                        + "Try again once they have read some.",
                cause);
    }
}
