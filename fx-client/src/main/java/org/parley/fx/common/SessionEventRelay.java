package org.parley.fx.common;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.parley.client.ConnectionState;
import org.parley.client.MessageState;
import org.parley.client.SessionListener;
import org.parley.client.StoredMessage;

/**
 * Carries a session's events onto the UI thread. It is registered as the session's first listener
 * at login (so nothing that happens while the session connects is missed) and holds the events on
 * the UI thread until the main screen {@link #attach attaches}, then forwards them in order.
 */
public final class SessionEventRelay implements SessionListener {
    private final UiThread ui;

    /** Touched on the UI thread only. */
    private final List<Consumer<SessionListener>> held = new ArrayList<>();

    /** Touched on the UI thread only. */
    private @Nullable SessionListener target;

    public SessionEventRelay(UiThread ui) {
        this.ui = Objects.requireNonNull(ui);
    }

    /**
     * Call on the UI thread: forwards the held events, then every later one, to {@code listener}.
     */
    public void attach(SessionListener listener) {
        target = Objects.requireNonNull(listener);
        List<Consumer<SessionListener>> pending = new ArrayList<>(held);
        held.clear();
        pending.forEach(event -> event.accept(listener));
    }

    /** Call on the UI thread: stops forwarding (after logout). */
    public void detach() {
        target = null;
        held.clear();
    }

    private void relay(Consumer<SessionListener> event) {
        ui.run(
                () -> {
                    if (target != null) {
                        event.accept(target);
                    } else {
                        held.add(event);
                    }
                });
    }

    @Override
    public void onMessage(StoredMessage message) {
        relay(l -> l.onMessage(message));
    }

    @Override
    public void onMessageStateChanged(String id, MessageState state) {
        relay(l -> l.onMessageStateChanged(id, state));
    }

    @Override
    public void onPresence(String user, boolean online) {
        relay(l -> l.onPresence(user, online));
    }

    @Override
    public void onConnectionState(ConnectionState state) {
        relay(l -> l.onConnectionState(state));
    }

    @Override
    public void onFileProgress(String id, String from, long done, long total) {
        relay(l -> l.onFileProgress(id, from, done, total));
    }

    @Override
    public void onUnreachableBrokers(java.util.Set<String> brokers) {
        relay(l -> l.onUnreachableBrokers(brokers));
    }

    @Override
    public void onKeyChanged(String user) {
        relay(l -> l.onKeyChanged(user));
    }

    @Override
    public void onGroupChanged(org.parley.client.GroupInfo group) {
        relay(l -> l.onGroupChanged(group));
    }

    @Override
    public void onRejected(String reason) {
        relay(l -> l.onRejected(reason));
    }
}
