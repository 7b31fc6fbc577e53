package org.parley.client.testing;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.parley.client.ConnectionState;
import org.parley.client.MessageState;
import org.parley.client.SessionListener;
import org.parley.client.StoredMessage;

/**
 * Everything a session reported, in the order it was reported. The one recording listener of the
 * tree: client-core's tests use it from here, the other modules from client-core's test-jar.
 */
public final class RecordingListener implements SessionListener {
    public final List<StoredMessage> messages = new CopyOnWriteArrayList<>();
    public final List<String> states = new CopyOnWriteArrayList<>();
    public final List<String> rejections = new CopyOnWriteArrayList<>();
    public final List<String> keyChanges = new CopyOnWriteArrayList<>();
    public final List<ConnectionState> connection = new CopyOnWriteArrayList<>();

    /** Every {@code onUnreachableBrokers} report, in order (an empty set: all reachable again). */
    public final List<Set<String>> unreachableBrokers = new CopyOnWriteArrayList<>();

    /** Every {@code onPresence} report as {@code user=online}, in order. */
    public final List<String> presence = new CopyOnWriteArrayList<>();

    @Override
    public void onMessage(StoredMessage message) {
        messages.add(message);
    }

    @Override
    public void onMessageStateChanged(String id, MessageState state) {
        states.add(id + ":" + state);
    }

    @Override
    public void onRejected(String reason) {
        rejections.add(reason);
    }

    @Override
    public void onKeyChanged(String user) {
        keyChanges.add(user);
    }

    @Override
    public void onConnectionState(ConnectionState state) {
        connection.add(state);
    }

    @Override
    public void onPresence(String user, boolean online) {
        presence.add(user + "=" + online);
    }

    @Override
    public void onUnreachableBrokers(Set<String> brokers) {
        unreachableBrokers.add(brokers);
    }

    /** Incoming messages as the listener heard of them (arrival order). */
    public List<StoredMessage> incoming() {
        return messages.stream().filter(StoredMessage::incoming).toList();
    }

    public List<String> incomingIds() {
        return incoming().stream().map(StoredMessage::id).toList();
    }
}
