package org.parley.fx.common;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.parley.client.ForwardingSessionListener;
import org.parley.client.SessionListener;

/**
 * Carries a session's events onto the UI thread. It is registered as the session's first listener
 * at login (so nothing that happens while the session connects is missed) and holds the events on
 * the UI thread until the main screen {@link #attach attaches}, then forwards them in order.
 */
public final class SessionEventRelay extends ForwardingSessionListener {
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

    @Override
    protected void forward(Consumer<SessionListener> event) {
        ui.run(
                () -> {
                    if (target != null) {
                        event.accept(target);
                    } else {
                        held.add(event);
                    }
                });
    }
}
