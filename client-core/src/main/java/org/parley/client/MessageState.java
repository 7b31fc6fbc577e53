package org.parley.client;

/**
 * Where a stored message is in its life. Outgoing: SENDING → SENT → DELIVERED. Incoming: RECEIVED.
 */
public enum MessageState {
    /** Stored locally, not yet accepted by a broker (retried with the same id until it is). */
    SENDING,
    /** Durably accepted by a broker. */
    SENT,
    /** The recipient's device stored it and sent back a receipt. */
    DELIVERED,
    /** Will not be sent (e.g. refused before reaching the server). */
    FAILED,
    /** An incoming message. */
    RECEIVED
}
