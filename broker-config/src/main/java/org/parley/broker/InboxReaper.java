package org.parley.broker;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.paging.PagingStore;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.Queue;
import org.parley.model.Addresses;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes inbox queues that have been empty and unconsumed for the configured idle time, counted
 * from when this node saw them idle first, so also from the node's start.
 *
 * <p>Why not Artemis' auto-delete: at start Artemis removes every empty auto-delete queue before it
 * accepts connections, whatever the delay (PostOfficeImpl.reapAddresses(initialCheck)). A peer's
 * store-and-forward queue still holds messages routed to that queue by its binding id; when the
 * peer's bridge reconnects, they arrive for a binding that no longer exists and are dropped
 * (AMQ222196), after they were acknowledged to their sender. Keeping an idle inbox for the full
 * delay after a start gives the peers' bridges that time to deliver. See decision 0009.
 */
final class InboxReaper extends HousekeepingTask {
    private static final Logger log = LoggerFactory.getLogger(InboxReaper.class);

    private final long idleMillis;
    private final Clock clock;

    /**
     * Inbox queue → when it was first seen empty and without consumers (epoch ms). Only the reaper
     * thread.
     */
    private final Map<SimpleString, Long> idleSince = new HashMap<>();

    InboxReaper(ActiveMQServer server, Duration idle, Clock clock) {
        super(server, "Looking for idle inboxes");
        this.idleMillis = idle.toMillis();
        this.clock = clock;
    }

    /**
     * How often to look: often enough that an inbox goes within about a quarter of its idle time.
     */
    static Duration period(Duration idle) {
        long millis = Math.max(100, Math.min(idle.toMillis() / 4, 30_000));
        return Duration.ofMillis(millis);
    }

    @Override
    void runOnce() {
        if (!server().isActive()) {
            return;
        }
        long now = clock.millis();
        Set<SimpleString> present = new HashSet<>();
        localQueues()
                .filter(q -> q.getName().toString().startsWith(Addresses.INBOX_PREFIX))
                .forEach(
                        q -> {
                            present.add(q.getName());
                            if (busy(q)) {
                                idleSince.remove(q.getName());
                                return;
                            }
                            long since = idleSince.computeIfAbsent(q.getName(), n -> now);
                            if (now - since >= idleMillis) {
                                remove(q);
                                idleSince.remove(q.getName());
                            }
                        });
        idleSince.keySet().retainAll(present);
    }

    private static boolean busy(Queue q) {
        PagingStore paging = q.getPagingStore();
        return q.getConsumerCount() > 0
                || q.getMessageCount() > 0
                || q.getDeliveringCount() > 0
                || (paging != null && paging.isStorePaging());
    }

    private void remove(Queue q) {
        try {
            // Artemis checks again, under its own locks, that nobody consumes and nothing is in it.
            server().destroyQueue(q.getName(), null, true, false, true, true);
            log.debug("Removed inbox {}: empty and unconsumed for {} ms", q.getName(), idleMillis);
        } catch (Exception e) {
            log.debug("Inbox {} not removed: {}", q.getName(), e.toString());
        }
    }
}
