package org.parley.client;

/**
 * A text message as kept in the local profile.
 *
 * @param id envelope id (32 hex), unique per message
 * @param peer the other party of the conversation
 * @param sentAt the sender's timestamp from the envelope header (epoch ms)
 * @param storedAt when this device stored it (epoch ms, local clock); orders a conversation
 */
public record StoredMessage(
        String id,
        String peer,
        Direction direction,
        String from,
        String to,
        String text,
        long sentAt,
        long storedAt,
        MessageState state) {

    public boolean incoming() {
        return direction == Direction.INCOMING;
    }
}
