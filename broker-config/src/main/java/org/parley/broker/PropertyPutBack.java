package org.parley.broker;

import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.jspecify.annotations.Nullable;

/**
 * Puts one property of a message back to what it was when its send began, just before Artemis
 * routes and stores it: for a plugin that lets Artemis see another value in between (the post
 * office's duplicate check, the validated-user stamp).
 *
 * <p>Remembered per thread, for the one message the thread is sending. One per plugin and node, not
 * static: nodes sharing a JVM (tests, a local stack) must not see each other's sends in flight.
 */
final class PropertyPutBack {

    /** The message being sent on this thread and the property's value when its send began. */
    private record Pending(Message message, @Nullable Object value) {}

    private final SimpleString property;

    @SuppressWarnings("ThreadLocalUsage")
    private final ThreadLocal<Pending> pending = new ThreadLocal<>();

    PropertyPutBack(SimpleString property) {
        this.property = property;
    }

    /** Remembers the property of {@code message} as it is now, in {@code beforeSend}. */
    void remember(Message message) {
        pending.set(new Pending(message, message.getObjectProperty(property)));
    }

    /**
     * Forgets what this thread remembered: called at the start of every send that is left alone, so
     * a send that failed half-way leaves nothing behind.
     */
    void forget() {
        pending.remove();
    }

    /**
     * Puts the remembered value back (removes the property if it had none), in {@code
     * beforeMessageRoute}; only for the very message remembered, anything else routed on this
     * thread is left alone.
     */
    void putBack(Message message) {
        Pending p = pending.get();
        if (p == null || p.message() != message) {
            return;
        }
        pending.remove();
        Object value = p.value();
        if (value == null) {
            message.removeProperty(property);
        } else {
            message.putObjectProperty(property, value);
        }
    }
}
