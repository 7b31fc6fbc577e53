package org.parley.broker;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.api.core.ActiveMQSecurityException;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.persistence.OperationContext;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.plugin.ActiveMQServerConnectionPlugin;
import org.apache.activemq.artemis.core.server.plugin.ActiveMQServerSessionPlugin;
import org.apache.activemq.artemis.spi.core.protocol.RemotingConnection;
import org.apache.activemq.artemis.spi.core.protocol.SessionCallback;
import org.parley.model.BrokerRefusals;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At most {@code limit} connections per chat user on this node.
 *
 * <p>A connection counts for a user from its first session of that user (Artemis authenticates per
 * session, so this is the first moment the user is known, and the session is refused before it
 * exists) until the connection is gone; more sessions on a counted connection are free. The cluster
 * and service users are exempt. Artemis would keep a connection whose session was refused open for
 * as long as the client pings it, so a refused connection is closed shortly after the refusal has
 * been sent: an attacker's attempts cost the node no lasting descriptors.
 */
final class ConnectionLimitPlugin
        implements ActiveMQServerSessionPlugin, ActiveMQServerConnectionPlugin {

    private static final Logger log = LoggerFactory.getLogger(ConnectionLimitPlugin.class);

    private static final long CLOSE_REFUSED_AFTER_MILLIS = 500;

    private final int limit;
    private final ActiveMQServer server;

    /** user → ids of the connections counted for them; guarded by this. */
    private final Map<String, Set<Object>> connections = new HashMap<>();

    /** connection id → users it is counted for; guarded by this. */
    private final Map<Object, Set<String>> users = new HashMap<>();

    ConnectionLimitPlugin(int limit, ActiveMQServer server) {
        this.limit = limit;
        this.server = server;
    }

    @Override
    public void beforeCreateSession(
            String name,
            String username,
            int minLargeMessageSize,
            RemotingConnection connection,
            boolean autoCommitSends,
            boolean autoCommitAcks,
            boolean preAcknowledge,
            boolean xa,
            String defaultAddress,
            SessionCallback callback,
            boolean autoCreateQueues,
            OperationContext context,
            Map<SimpleString, RoutingType> prefixes)
            throws ActiveMQException {
        // Artemis calls this after authenticating the session: username is the validated user
        // (the token security manager validates a user only as the name it was asked for).
        if (username == null
                || connection == null
                || TokenSecurityManager.CLUSTER_USER.equals(username)
                || TokenSecurityManager.SERVICE_USER.equals(username)) {
            return;
        }
        Object id = connection.getID();
        synchronized (this) {
            Set<Object> mine = connections.computeIfAbsent(username, u -> new HashSet<>());
            if (mine.contains(id)) {
                return;
            }
            if (mine.size() >= limit) {
                // A connection that failed while its session was being created can be missed by
                // afterDestroyConnection: drop whatever is no longer open before refusing.
                mine.removeIf(c -> !isOpen(c));
            }
            if (mine.size() >= limit) {
                log.debug(
                        "Refused a connection of {} from {}: {} open",
                        username,
                        connection.getRemoteAddress(),
                        limit);
                closeSoon(connection);
                // A security error: Artemis answers it without logging a stack trace per attempt.
                throw new ActiveMQSecurityException(
                        BrokerRefusals.TOO_MANY_CONNECTIONS
                                + ": "
                                + username
                                + " already has "
                                + limit
                                + " connections to this node (the most one user may have).");
            }
            mine.add(id);
            users.computeIfAbsent(id, c -> new HashSet<>()).add(username);
        }
    }

    @Override
    public void afterDestroyConnection(RemotingConnection connection) {
        Object id = connection.getID();
        synchronized (this) {
            Set<String> counted = users.remove(id);
            if (counted != null) {
                for (String user : counted) {
                    Set<Object> mine = connections.get(user);
                    if (mine != null) {
                        mine.remove(id);
                        if (mine.isEmpty()) {
                            connections.remove(user);
                        }
                    }
                }
            }
        }
    }

    /** Connections counted for {@code user} on this node. */
    synchronized int count(String user) {
        Set<Object> mine = connections.get(user);
        return mine == null ? 0 : mine.size();
    }

    /** Closes the socket once the refusal (answered after this hook returns) has been written. */
    private void closeSoon(RemotingConnection connection) {
        // The task logs its own failure: the future has nothing more to tell.
        var unused =
                server.getScheduledPool()
                        .schedule(
                                () -> closeRefused(connection),
                                CLOSE_REFUSED_AFTER_MILLIS,
                                TimeUnit.MILLISECONDS);
    }

    private static void closeRefused(RemotingConnection connection) {
        try {
            connection.getTransportConnection().close();
        } catch (RuntimeException e) {
            log.debug(
                    "Closing a refused connection from {} failed",
                    connection.getRemoteAddress(),
                    e);
        }
    }

    private boolean isOpen(Object id) {
        RemotingConnection c = server.getRemotingService().getConnection(id);
        boolean open = c != null && !c.isDestroyed();
        if (!open) {
            users.remove(id);
        }
        return open;
    }
}
