package org.parley.fx.conversations;

import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/** One line of the sidebar: a peer, their last message and time, unread count and presence. */
public final class ConversationItem {
    private final String peer;
    private final ReadOnlyStringWrapper preview = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper time = new ReadOnlyStringWrapper("");
    private final ReadOnlyLongWrapper lastActivity = new ReadOnlyLongWrapper();
    private final ReadOnlyIntegerWrapper unread = new ReadOnlyIntegerWrapper();
    private final ReadOnlyBooleanWrapper online = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper keyChanged = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper();
    private final boolean group;

    ConversationItem(String peer, long lastActivity) {
        this.peer = peer;
        this.lastActivity.set(lastActivity);
        this.group = peer.startsWith("#");
        this.title.set(group ? "Group" : peer);
    }

    /** A group conversation (its key is "#" + group id). */
    public boolean isGroup() {
        return group;
    }

    /** What the sidebar shows: the peer's name, or the group's name. */
    public ReadOnlyStringProperty titleProperty() {
        return title.getReadOnlyProperty();
    }

    void setTitle(String value) {
        title.set(value);
    }

    public String peer() {
        return peer;
    }

    /** The last message, one line; "You: …" for one of yours. */
    public ReadOnlyStringProperty previewProperty() {
        return preview.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty timeProperty() {
        return time.getReadOnlyProperty();
    }

    public ReadOnlyLongProperty lastActivityProperty() {
        return lastActivity.getReadOnlyProperty();
    }

    public ReadOnlyIntegerProperty unreadProperty() {
        return unread.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty onlineProperty() {
        return online.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty keyChangedProperty() {
        return keyChanged.getReadOnlyProperty();
    }

    void setLast(String previewText, String timeText, long activity) {
        preview.set(previewText);
        time.set(timeText);
        lastActivity.set(activity);
    }

    void setUnread(int count) {
        unread.set(count);
    }

    void setOnline(boolean value) {
        online.set(value);
    }

    void setKeyChanged(boolean value) {
        keyChanged.set(value);
    }

    @Override
    public String toString() {
        return peer;
    }
}
