package org.parley.broker;

import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.server.RoutingContext;
import org.apache.activemq.artemis.core.server.ServerSession;

/**
 * Keeps the sender's {@code _AMQ_VALIDATED_USER} when a message crosses the cluster.
 *
 * <p>With populate-validated-user, Artemis stamps every message a session sends with that session's
 * user — including the cluster bridge that moves a waiting message to the node its owner logged in
 * to, which would turn "alice" into "parley-cluster" and make the receiver reject it. Messages from
 * the cluster user already carry the stamp of the node that first accepted them (a chat user cannot
 * send as the cluster user), so that stamp is put back after Artemis overwrites it and before the
 * message is routed and stored.
 */
final class ValidatedUserPlugin implements BeforeSendPlugin {

    private static final SimpleString HDR = Message.HDR_VALIDATED_USER;

    /** The message a cluster session is sending on this thread and the stamp it arrived with. */
    private record Pending(Message message, String validatedUser) {}

    // One per node, not static: nodes sharing a JVM (tests, a local stack) must not see each
    // other's sends in flight.
    @SuppressWarnings("ThreadLocalUsage")
    private final ThreadLocal<Pending> pending = new ThreadLocal<>();

    @Override
    public void beforeSend(ServerSession session, Message message) throws ActiveMQException {
        // Set (or cleared) at the start of every send, so a send that failed half-way leaves
        // nothing behind.
        if (session != null
                && TokenSecurityManager.CLUSTER_USER.equals(session.getValidatedUser())) {
            pending.set(new Pending(message, message.getValidatedUserID()));
        } else {
            pending.remove();
        }
    }

    @Override
    public void beforeMessageRoute(
            Message message, RoutingContext context, boolean direct, boolean rejectDuplicates) {
        Pending p = pending.get();
        // Only the very message the cluster session sent; anything else routed on this thread is
        // left alone.
        if (p == null || p.message() != message) {
            return;
        }
        pending.remove();
        if (p.validatedUser() == null) {
            message.removeProperty(HDR);
        } else {
            message.setValidatedUserID(p.validatedUser());
        }
    }
}
