package org.parley.fx.chat;

import org.parley.client.MessageState;

/** Where a message shown in the chat is, in words for the tick's tooltip. */
public enum DeliveryState {
    SENDING("Sending…"),
    SENT("Delivered to the server"),
    DELIVERED("Delivered to their device"),
    FAILED("Not sent"),
    RECEIVED("Received");

    private final String description;

    DeliveryState(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }

    /** Whether this state comes later in a message's life than {@code other}. */
    boolean isLaterThan(DeliveryState other) {
        return compareTo(other) > 0;
    }

    static DeliveryState of(MessageState state) {
        return switch (state) {
            case SENDING -> SENDING;
            case SENT -> SENT;
            case DELIVERED -> DELIVERED;
            case FAILED -> FAILED;
            case RECEIVED -> RECEIVED;
        };
    }
}
