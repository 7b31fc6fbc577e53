package org.parley.client.session;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.parley.client.ConnectionState;
import org.parley.client.MessageState;
import org.parley.client.SessionListener;
import org.parley.client.StoredMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Fans events out to every registered listener; one failing listener does not stop the others. */
final class ListenerList implements SessionListener {
    private static final Logger log = LoggerFactory.getLogger(ListenerList.class);
    private final List<SessionListener> listeners = new CopyOnWriteArrayList<>();

    void add(SessionListener l) {
        listeners.add(l);
    }

    void remove(SessionListener l) {
        listeners.remove(l);
    }

    private void each(java.util.function.Consumer<SessionListener> event) {
        for (SessionListener l : listeners) {
            try {
                event.accept(l);
            } catch (RuntimeException e) {
                log.warn("A session listener failed", e);
            }
        }
    }

    @Override
    public void onMessage(StoredMessage message) {
        each(l -> l.onMessage(message));
    }

    @Override
    public void onGroupChanged(org.parley.client.GroupInfo group) {
        each(l -> l.onGroupChanged(group));
    }

    @Override
    public void onMessageStateChanged(String id, MessageState state) {
        each(l -> l.onMessageStateChanged(id, state));
    }

    @Override
    public void onPresence(String user, boolean online) {
        each(l -> l.onPresence(user, online));
    }

    @Override
    public void onConnectionState(ConnectionState state) {
        each(l -> l.onConnectionState(state));
    }

    @Override
    public void onUnreachableBrokers(java.util.Set<String> brokers) {
        each(l -> l.onUnreachableBrokers(brokers));
    }

    @Override
    public void onKeyChanged(String user) {
        each(l -> l.onKeyChanged(user));
    }

    @Override
    public void onRejected(String reason) {
        each(l -> l.onRejected(reason));
    }

    @Override
    public void onFileProgress(String id, String from, long done, long total) {
        each(l -> l.onFileProgress(id, from, done, total));
    }
}
