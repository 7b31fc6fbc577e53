package org.parley.client;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

public final class RecordingListener implements SessionListener {
    public final List<StoredMessage> messages = new CopyOnWriteArrayList<>();
    public final List<String> states = new CopyOnWriteArrayList<>();
    public final List<String> keyChanges = new CopyOnWriteArrayList<>();
    public final List<String> rejections = new CopyOnWriteArrayList<>();
    public final List<ConnectionState> connection = new CopyOnWriteArrayList<>();

    @Override
    public void onMessage(StoredMessage message) {
        messages.add(message);
    }

    @Override
    public void onMessageStateChanged(String id, MessageState state) {
        states.add(id + ":" + state);
    }

    @Override
    public void onKeyChanged(String user) {
        keyChanges.add(user);
    }

    @Override
    public void onRejected(String reason) {
        rejections.add(reason);
    }

    @Override
    public void onConnectionState(ConnectionState state) {
        connection.add(state);
    }

    public List<StoredMessage> incoming() {
        return messages.stream().filter(StoredMessage::incoming).toList();
    }
}
