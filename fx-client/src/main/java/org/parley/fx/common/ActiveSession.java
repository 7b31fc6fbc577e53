package org.parley.fx.common;

import java.util.Objects;
import org.parley.client.Session;

/** A logged-in session and the relay that carries its events onto the UI thread. */
public record ActiveSession(Session session, SessionEventRelay events) {
    public ActiveSession {
        Objects.requireNonNull(session);
        Objects.requireNonNull(events);
    }
}
