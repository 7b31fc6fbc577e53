package org.parley.client.exceptions;

/**
 * Sending refused because the peer's identity key changed: the user must accept the new key (and,
 * for a contact they had verified, verify the new safety number) first.
 */
public class KeyChangedException extends ParleyException {
    private static final long serialVersionUID = 1L;
    private final String peer;

    public KeyChangedException(String peer, boolean reverify) {
        super(
                reverify
                        ? "The safety number with "
                                + peer
                                + " has changed. Verify it again before sending."
                        : "The safety number with "
                                + peer
                                + " has changed. Accept the new key before sending.");
        this.peer = peer;
    }

    public String peer() {
        return peer;
    }
}
