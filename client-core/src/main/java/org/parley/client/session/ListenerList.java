package org.parley.client.session;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.parley.client.ForwardingSessionListener;
import org.parley.client.SessionListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Fans events out to every registered listener; one failing listener does not stop the others. */
final class ListenerList extends ForwardingSessionListener {
    private static final Logger log = LoggerFactory.getLogger(ListenerList.class);
    private final List<SessionListener> listeners = new CopyOnWriteArrayList<>();

    void add(SessionListener l) {
        listeners.add(l);
    }

    void remove(SessionListener l) {
        listeners.remove(l);
    }

    @Override
    protected void forward(Consumer<SessionListener> event) {
        for (SessionListener l : listeners) {
            try {
                event.accept(l);
            } catch (RuntimeException e) {
                log.warn("A session listener failed", e);
            }
        }
    }
}
