package org.parley.broker;

import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.Queue;
import org.parley.model.Addresses;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes presence subscriptions their owner no longer permits. The permission is checked when a
 * subscription queue is created ({@link TokenSecurityManager}); this looks again at every
 * subscription on this node, every {@link #PERIOD_SECONDS} s, with the {@link AccountDirectory}'s
 * cached answer, and destroys the queues of viewers taken off the owner's list (their consumer is
 * closed with it). So a revocation takes effect within the directory's cache time plus the period.
 */
final class PresenceRevoker extends HousekeepingTask {

    static final long PERIOD_SECONDS = 10;

    private static final Logger log = LoggerFactory.getLogger(PresenceRevoker.class);

    private final AccountDirectory directory;

    PresenceRevoker(ActiveMQServer server, AccountDirectory directory) {
        super(server, "Checking presence subscriptions");
        this.directory = directory;
    }

    @Override
    void runOnce() {
        if (!server().isActive()) {
            return;
        }
        localQueues()
                .filter(q -> Addresses.presenceOwner(q.getAddress().toString()).isPresent())
                .forEach(this::check);
    }

    private void check(Queue q) {
        String owner = Addresses.presenceOwner(q.getAddress().toString()).orElseThrow();
        String viewer = q.getUser() == null ? null : q.getUser().toString();
        if (owner.equals(viewer)
                || (viewer != null && !directory.knownNotToPermit(viewer, owner))) {
            return;
        }
        try {
            server().destroyQueue(q.getName(), null, false, true, false, false);
            log.info(
                    "Closed {}'s subscription to the presence of {}: no longer permitted",
                    viewer,
                    owner);
        } catch (Exception e) {
            log.debug("Presence subscription {} not removed: {}", q.getName(), e.toString());
        }
    }
}
