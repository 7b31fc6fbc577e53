package org.parley.fx.chat;

import java.time.LocalDate;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import org.jspecify.annotations.Nullable;

/** A message as the chat shows it. Only its delivery state changes. */
public final class MessageItem implements ChatRow {
    private final String id;
    private final String sender;
    private final boolean outgoing;
    private final String text;
    private final long sentAt;
    private final long storedAt;
    private final String time;
    private final LocalDate day;
    private final boolean firstOfGroup;
    private final ReadOnlyObjectWrapper<DeliveryState> state;
    private final org.parley.fx.files.@Nullable FileCard fileCard;

    MessageItem(
            String id,
            String sender,
            boolean outgoing,
            String text,
            long sentAt,
            long storedAt,
            String time,
            LocalDate day,
            boolean firstOfGroup,
            DeliveryState state,
            org.parley.fx.files.@Nullable FileCard fileCard) {
        this.fileCard = fileCard;
        this.id = id;
        this.sender = sender;
        this.outgoing = outgoing;
        this.text = text;
        this.sentAt = sentAt;
        this.storedAt = storedAt;
        this.time = time;
        this.day = day;
        this.firstOfGroup = firstOfGroup;
        this.state = new ReadOnlyObjectWrapper<>(state);
    }

    public String id() {
        return id;
    }

    /** The username of who wrote it. */
    public String sender() {
        return sender;
    }

    /** "You" for your own messages, else the sender's username. */
    public String senderLabel() {
        return outgoing ? "You" : sender;
    }

    public boolean outgoing() {
        return outgoing;
    }

    public String text() {
        return text;
    }

    /** The file of a file message, or null for a text. */
    public org.parley.fx.files.@Nullable FileCard fileCard() {
        return fileCard;
    }

    /** The sender's timestamp (epoch ms). */
    public long sentAt() {
        return sentAt;
    }

    long storedAt() {
        return storedAt;
    }

    /** The sender's time of day, e.g. "14:05". */
    public String time() {
        return time;
    }

    public LocalDate day() {
        return day;
    }

    /** The first of consecutive messages by one sender on one day (shows the sender's name). */
    public boolean firstOfGroup() {
        return firstOfGroup;
    }

    /** This message as the first of its group or not; the copy starts at this one's state. */
    MessageItem withFirstOfGroup(boolean first) {
        return new MessageItem(
                id, sender, outgoing, text, sentAt, storedAt, time, day, first, state(), fileCard);
    }

    public ReadOnlyObjectProperty<DeliveryState> stateProperty() {
        return state.getReadOnlyProperty();
    }

    public DeliveryState state() {
        return state.get();
    }

    void setState(DeliveryState s) {
        // A receipt can overtake the broker's acknowledgement; never step back.
        if (s.isLaterThan(state.get()) || s == DeliveryState.FAILED) {
            state.set(s);
        }
    }

    @Override
    public String toString() {
        return sender + "@" + time + ": " + text;
    }
}
