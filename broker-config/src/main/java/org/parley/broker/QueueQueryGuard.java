package org.parley.broker;

import java.lang.reflect.Field;
import javax.security.auth.Subject;
import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.api.core.Interceptor;
import org.apache.activemq.artemis.core.protocol.core.Packet;
import org.apache.activemq.artemis.core.protocol.core.impl.wireformat.SessionQueueQueryResponseMessage;
import org.apache.activemq.artemis.spi.core.protocol.RemotingConnection;
import org.apache.activemq.artemis.spi.core.security.jaas.RolePrincipal;
import org.apache.activemq.artemis.spi.core.security.jaas.UserPrincipal;
import org.parley.model.Addresses;

/**
 * Outgoing interceptor: the answer to a chat user's queue query about another user's inbox says
 * nothing about its depth or its consumers (that is, whether its owner is online).
 *
 * <p>Artemis answers {@code ClientSession.queueQuery} (which the JMS client also sends before its
 * first message to a destination) to anyone, with no security check. Refusing the query would break
 * sends, so the answer is rewritten instead: message count and consumer count 0 for every inbox but
 * the asker's own. Whether the queue exists is left true: the JMS client must know whether to
 * create it, and a user may create any account's inbox anyway (so existence says "someone used this
 * inbox on this node lately", nothing about depth or presence). Address (binding) queries carry no
 * counts. The cluster and service users see the truth.
 */
public final class QueueQueryGuard implements Interceptor {

    private static final Field MESSAGE_COUNT = field("messageCount");
    private static final Field CONSUMER_COUNT = field("consumerCount");

    public QueueQueryGuard() {}

    @Override
    public boolean intercept(Packet packet, RemotingConnection connection)
            throws ActiveMQException {
        if (packet instanceof SessionQueueQueryResponseMessage answer && answer.isExists()) {
            String queue = answer.getName() == null ? null : answer.getName().toString();
            String owner = queue == null ? null : Addresses.inboxOwner(queue).orElse(null);
            if (owner != null && !maySeeCounts(connection, owner)) {
                hideCounts(answer);
            }
        }
        return true;
    }

    /** The owner and the cluster and service users see the true counts; nobody else does. */
    private static boolean maySeeCounts(RemotingConnection connection, String owner) {
        Subject subject = connection == null ? null : connection.getSubject();
        if (subject == null) {
            return false;
        }
        for (RolePrincipal role : subject.getPrincipals(RolePrincipal.class)) {
            switch (role.getName()) {
                case TokenSecurityManager.ROLE_CLUSTER, TokenSecurityManager.ROLE_SERVICE -> {
                    return true;
                }
                case TokenSecurityManager.ROLE_CHAT -> {
                    return subject.getPrincipals(UserPrincipal.class).stream()
                            .anyMatch(u -> owner.equals(u.getName()));
                }
                default -> {}
            }
        }
        return false;
    }

    private static void hideCounts(SessionQueueQueryResponseMessage answer)
            throws ActiveMQException {
        try {
            MESSAGE_COUNT.setLong(answer, 0L);
            CONSUMER_COUNT.setInt(answer, 0);
        } catch (IllegalAccessException e) {
            // Never send the true counts: fail the query instead.
            throw new org.apache.activemq.artemis.api.core.ActiveMQInternalErrorException(
                    "Cannot hide the counts of a queue query answer");
        }
    }

    private static Field field(String name) {
        try {
            Field f = SessionQueueQueryResponseMessage.class.getDeclaredField(name);
            f.setAccessible(true);
            return f;
        } catch (ReflectiveOperationException e) {
            // An Artemis upgrade changed the packet: refuse to start rather than leak.
            throw new ExceptionInInitializerError(e);
        }
    }
}
