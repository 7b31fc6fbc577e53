package org.parley.broker;

import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.api.core.Message;
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

    /** The stamp a message a cluster session is sending arrived with. */
    private final PropertyPutBack arrivedStamp = new PropertyPutBack(Message.HDR_VALIDATED_USER);

    @Override
    public void beforeSend(ServerSession session, Message message) throws ActiveMQException {
        if (session != null
                && TokenSecurityManager.CLUSTER_USER.equals(session.getValidatedUser())) {
            arrivedStamp.remember(message);
        } else {
            arrivedStamp.forget();
        }
    }

    @Override
    public void beforeMessageRoute(
            Message message, RoutingContext context, boolean direct, boolean rejectDuplicates) {
        arrivedStamp.putBack(message);
    }
}
