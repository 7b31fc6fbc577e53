package org.parley.client;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

final class RecordingListener implements SessionListener {
    final List<StoredMessage> messages = new CopyOnWriteArrayList<>();
    final List<String> states = new CopyOnWriteArrayList<>();
    final List<String> keyChanges = new CopyOnWriteArrayList<>();
    final List<String> rejections = new CopyOnWriteArrayList<>();
    final List<ConnectionState> connection = new CopyOnWriteArrayList<>();

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

    List<StoredMessage> incoming() {
        return messages.stream().filter(StoredMessage::incoming).toList();
    }
}
