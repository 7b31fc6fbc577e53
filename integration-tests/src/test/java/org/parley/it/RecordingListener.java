package org.parley.it;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.parley.client.ConnectionState;
import org.parley.client.MessageState;
import org.parley.client.SessionListener;
import org.parley.client.StoredMessage;

/** Everything a session reported, in the order it was reported. */
final class RecordingListener implements SessionListener {
    final List<StoredMessage> messages = new CopyOnWriteArrayList<>();
    final List<String> states = new CopyOnWriteArrayList<>();
    final List<String> rejections = new CopyOnWriteArrayList<>();
    final List<String> keyChanges = new CopyOnWriteArrayList<>();
    final List<ConnectionState> connection = new CopyOnWriteArrayList<>();
    /** Every {@code onUnreachableBrokers} report, in order (an empty set: all reachable again). */
    final List<java.util.Set<String>> unreachableBrokers = new CopyOnWriteArrayList<>();

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
    public void onUnreachableBrokers(java.util.Set<String> brokers) {
        unreachableBrokers.add(brokers);
    }

    /** Incoming messages as the listener heard of them (arrival order). */
    List<StoredMessage> incoming() {
        return messages.stream().filter(StoredMessage::incoming).toList();
    }

    List<String> incomingIds() {
        return incoming().stream().map(StoredMessage::id).toList();
    }
}
