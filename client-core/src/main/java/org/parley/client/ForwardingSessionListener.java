package org.parley.client;

import java.util.Set;
import java.util.function.Consumer;

/**
 * A listener that turns every event into a call to make on another listener and hands it to {@link
 * #forward}: the base of fan-outs and relays, so each of them names every event once and none can
 * miss one added later.
 */
public abstract class ForwardingSessionListener implements SessionListener {

    /** Delivers {@code event}, a call of one {@link SessionListener} method, to its listeners. */
    protected abstract void forward(Consumer<SessionListener> event);

    @Override
    public final void onMessage(StoredMessage message) {
        forward(l -> l.onMessage(message));
    }

    @Override
    public final void onMessageStateChanged(String id, MessageState state) {
        forward(l -> l.onMessageStateChanged(id, state));
    }

    @Override
    public final void onPresence(String user, boolean online) {
        forward(l -> l.onPresence(user, online));
    }

    @Override
    public final void onConnectionState(ConnectionState state) {
        forward(l -> l.onConnectionState(state));
    }

    @Override
    public final void onUnreachableBrokers(Set<String> brokers) {
        forward(l -> l.onUnreachableBrokers(brokers));
    }

    @Override
    public final void onKeyChanged(String user) {
        forward(l -> l.onKeyChanged(user));
    }

    @Override
    public final void onGroupChanged(GroupInfo group) {
        forward(l -> l.onGroupChanged(group));
    }

    @Override
    public final void onRejected(String reason) {
        forward(l -> l.onRejected(reason));
    }

    @Override
    public final void onFileProgress(String id, String from, long done, long total) {
        forward(l -> l.onFileProgress(id, from, done, total));
    }
}
