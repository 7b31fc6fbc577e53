package org.parley.broker;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.core.message.impl.CoreMessage;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.ServerConsumer;
import org.apache.activemq.artemis.core.server.plugin.ActiveMQServerPlugin;
import org.jspecify.annotations.Nullable;
import org.parley.model.Addresses;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a user's presence on {@code parley.presence.<user>}: {@code online=true} when their
 * first inbox consumer on this node opens, {@code online=false} when the last one closes —
 * including when Artemis closes it because the connection died. Messages are non-persistent, with
 * properties {@code user} (String), {@code online} (boolean) and {@code ts} (epoch ms).
 *
 * <p>Each node counts only its own consumers; in a cluster the node a user is connected to speaks
 * for them, and the message reaches subscribers on other nodes through the cluster. Nobody
 * subscribed: the message has no route and is dropped, nothing is created.
 */
public final class PresencePlugin implements ActiveMQServerPlugin {

    public static final String PROP_USER = "user";
    public static final String PROP_ONLINE = "online";
    public static final String PROP_TS = "ts";

    private static final Logger log = LoggerFactory.getLogger(PresencePlugin.class);

    private final Clock clock;
    private final Map<String, Integer> consumersPerUser = new ConcurrentHashMap<>();
    // Counted consumers, so a close reported twice (or for an uncounted consumer) changes nothing.
    private final Set<ServerConsumer> counted = ConcurrentHashMap.newKeySet();
    private final ActiveMQServer server;
    private volatile @Nullable Executor publisher;

    public PresencePlugin(Clock clock, ActiveMQServer server) {
        this.clock = clock;
        this.server = server;
    }

    @Override
    public void afterCreateConsumer(ServerConsumer consumer) {
        Optional<String> owner = inboxOwner(consumer);
        if (owner.isEmpty() || !counted.add(consumer)) {
            return;
        }
        // compute() is atomic per user, and publishing from inside it hands the messages to the
        // ordered executor in the order the transitions happened.
        consumersPerUser.compute(
                owner.get(),
                (user, n) -> {
                    int now = n == null ? 1 : n + 1;
                    if (now == 1) {
                        publish(user, true);
                    }
                    return now;
                });
    }

    @Override
    public void afterCloseConsumer(ServerConsumer consumer, boolean failed) {
        if (!counted.remove(consumer)) {
            return;
        }
        String owner = inboxOwner(consumer).orElseThrow();
        consumersPerUser.compute(
                owner,
                (user, n) -> {
                    int now = n == null ? 0 : n - 1;
                    if (now <= 0) {
                        publish(user, false);
                        return null;
                    }
                    return now;
                });
    }

    /** Users with an inbox consumer on this node. */
    public Set<String> onlineUsers() {
        return Set.copyOf(consumersPerUser.keySet());
    }

    /** How many users have an inbox consumer on this node. */
    public int onlineUserCount() {
        return consumersPerUser.size();
    }

    private static Optional<String> inboxOwner(ServerConsumer consumer) {
        if (consumer.isBrowseOnly()
                || consumer.getQueueAddress() == null
                || consumer.getQueueName() == null) {
            return Optional.empty();
        }
        String address = consumer.getQueueAddress().toString();
        if (!address.equals(consumer.getQueueName().toString())) {
            return Optional.empty();
        }
        return Addresses.inboxOwner(address);
    }

    private void publish(String user, boolean online) {
        long ts = clock.millis();
        executor().execute(() -> route(server, user, online, ts));
    }

    private Executor executor() {
        Executor e = publisher;
        if (e == null) {
            synchronized (this) {
                e = publisher;
                if (e == null) {
                    // An ordered executor: one user's online/offline never overtake each other.
                    e = server.getExecutorFactory().getExecutor();
                    publisher = e;
                }
            }
        }
        return e;
    }

    private static void route(ActiveMQServer s, String user, boolean online, long ts) {
        try {
            if (!s.isActive()) {
                return;
            }
            CoreMessage message = new CoreMessage(s.getStorageManager().generateID(), 256);
            message.setAddress(Addresses.presence(user));
            message.setRoutingType(RoutingType.MULTICAST);
            message.setType(Message.DEFAULT_TYPE);
            message.setDurable(false);
            message.setTimestamp(ts);
            message.putStringProperty(PROP_USER, user);
            message.putBooleanProperty(PROP_ONLINE, online);
            message.putLongProperty(PROP_TS, ts);
            s.getPostOffice().route(message, false);
        } catch (Exception e) {
            // Presence is best effort; a lost update is corrected by the next one.
            log.debug("Could not publish presence of {} (online={})", user, online, e);
        }
    }
}
