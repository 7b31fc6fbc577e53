package org.parley.broker;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.activemq.artemis.api.core.ActiveMQAddressFullException;
import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.postoffice.Binding;
import org.apache.activemq.artemis.core.postoffice.impl.LocalQueueBinding;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.MessageReference;
import org.apache.activemq.artemis.core.server.Queue;
import org.apache.activemq.artemis.core.server.RoutingContext;
import org.apache.activemq.artemis.core.server.ServerConsumer;
import org.apache.activemq.artemis.core.server.ServerSession;
import org.apache.activemq.artemis.core.server.impl.AckReason;
import org.apache.activemq.artemis.core.server.plugin.ActiveMQServerQueuePlugin;
import org.apache.activemq.artemis.core.transaction.Transaction;
import org.apache.activemq.artemis.core.transaction.TransactionOperationAbstract;
import org.apache.activemq.artemis.utils.collections.LinkedListIterator;
import org.parley.model.BrokerRefusals;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One sender's share of each inbox: at most {@code share} messages from one sender wait in one
 * inbox on this node. Past it, that sender's sends to that inbox are refused ("address full" whose
 * text starts with {@link BrokerRefusals#SENDER_SHARE_FULL}); everyone else's still go in. The
 * inbox's page limit stays as the last line behind it.
 *
 * <p>What is counted is what waits in this node's inbox queue, by the message's validated user (the
 * sender as stamped by the node that first accepted it, kept across the cluster by {@link
 * ValidatedUserPlugin}): +1 when a message is routed into the queue (whoever brings it, a bridge
 * included), −1 when it leaves the queue for any reason (acknowledged, expired, dead- lettered,
 * moved to another node by redistribution), both when their transaction commits. A message that a
 * bridge moves to another node is therefore counted on one node at a time. Only chat users' own
 * sends are checked; the cluster user's are counted, never refused (a refused bridge send would
 * stall the bridge). A chat user's send reserves its place before it is routed (so concurrent sends
 * cannot overshoot) and gives it back if it is not routed into the queue.
 *
 * <p>The counts live in memory and are rebuilt from the inboxes when the node activates, after the
 * journal and the paging stores are loaded and before clients or bridges can connect.
 */
final class SenderSharePlugin implements BeforeSendPlugin, ActiveMQServerQueuePlugin {

    private static final Logger log = LoggerFactory.getLogger(SenderSharePlugin.class);

    /** One sender's messages in one inbox. */
    record Key(String inbox, String sender) {}

    /**
     * A chat user's reserved place, for the one message that user's send is routing on this thread.
     */
    private record Reservation(Message message, Key key) {}

    private final long share;
    private final Map<Key, Long> counts = new ConcurrentHashMap<>();

    // One per node, not static: a reservation belongs to this node's counts (nodes may share a
    // JVM: tests, a local stack).
    @SuppressWarnings("ThreadLocalUsage")
    private final ThreadLocal<Reservation> reserved = new ThreadLocal<>();

    SenderSharePlugin(long share) {
        this.share = share;
    }

    /** Messages from {@code sender} waiting in {@code inbox} on this node, as counted. */
    long count(String inbox, String sender) {
        return counts.getOrDefault(new Key(inbox, sender), 0L);
    }

    @Override
    public void beforeSend(ServerSession session, Message message) throws ActiveMQException {
        // A reservation still here belongs to a send that a plugin after this one refused in its
        // beforeSend (Artemis then calls neither the route nor the send hooks): give it back. The
        // node registers this plugin last so that this does not happen; this is the safety net.
        Reservation stale = reserved.get();
        if (stale != null) {
            reserved.remove();
            release(stale.key());
        }
        String address = message.getAddress();
        String sender = session == null ? null : session.getValidatedUser();
        if (!InboxMessageLimitsPlugin.isInbox(address)
                || sender == null
                || sender.isEmpty()
                || TokenSecurityManager.CLUSTER_USER.equals(sender)
                || TokenSecurityManager.SERVICE_USER.equals(sender)) {
            return;
        }
        Key key = new Key(address, sender);
        boolean[] full = new boolean[1];
        counts.compute(
                key,
                (k, n) -> {
                    long now = n == null ? 0 : n;
                    if (now >= share) {
                        full[0] = true;
                        return n;
                    }
                    return now + 1;
                });
        if (full[0]) {
            throw new ActiveMQAddressFullException(
                    BrokerRefusals.SENDER_SHARE_FULL
                            + ": "
                            + sender
                            + " already has "
                            + share
                            + " messages waiting in "
                            + address
                            + " (the most one sender may have there); this one "
                            + "was not stored.");
        }
        reserved.set(new Reservation(message, key));
    }

    @Override
    public void afterMessageRoute(
            Message message,
            RoutingContext context,
            boolean direct,
            boolean rejectDuplicates,
            org.apache.activemq.artemis.core.postoffice.RoutingStatus result) {
        Reservation r = reserved.get();
        boolean own = r != null && r.message() == message;
        if (own) {
            reserved.remove();
        }
        String address = message.getAddress();
        if (!InboxMessageLimitsPlugin.isInbox(address)) {
            return;
        }
        boolean[] intoInbox = new boolean[1];
        context.forEachDurable(q -> intoInbox[0] |= address.equals(q.getName().toString()));
        String sender = message.getValidatedUserID();
        if (own) {
            if (!intoInbox[0]) {
                release(r.key()); // routed to another node (or nowhere): counted there, if anywhere
                return;
            }
            onRollback(context.getTransaction(), r.key());
        } else if (intoInbox[0] && sender != null && !sender.isEmpty()) {
            // A bridge bringing a message from another node, or anything else not checked here.
            Key key = new Key(address, sender);
            counts.merge(key, 1L, Long::sum);
            onRollback(context.getTransaction(), key);
        }
    }

    @Override
    public void afterSend(
            ServerSession session,
            Transaction tx,
            Message message,
            boolean direct,
            boolean noAutoCreateQueue,
            org.apache.activemq.artemis.core.postoffice.RoutingStatus result) {
        giveBack(message); // never routed (a duplicate, a management message, …)
    }

    @Override
    public void onSendException(
            ServerSession session,
            Transaction tx,
            Message message,
            boolean direct,
            boolean noAutoCreateQueue,
            Exception e) {
        giveBack(message);
    }

    @Override
    public void messageAcknowledged(
            Transaction tx, MessageReference ref, AckReason reason, ServerConsumer consumer) {
        Queue queue = ref.getQueue();
        if (queue == null || !InboxMessageLimitsPlugin.isInbox(queue.getName().toString())) {
            return;
        }
        String sender = ref.getMessage().getValidatedUserID();
        if (sender == null || sender.isEmpty()) {
            return;
        }
        Key key = new Key(queue.getName().toString(), sender);
        if (tx == null) {
            release(key);
        } else {
            tx.addOperation(
                    new TransactionOperationAbstract() {
                        @Override
                        public void afterCommit(Transaction t) {
                            release(key);
                        }
                    });
        }
    }

    @Override
    public void afterDestroyQueue(
            Queue queue,
            SimpleString address,
            org.apache.activemq.artemis.core.security.SecurityAuth session,
            boolean checkConsumerCount,
            boolean removeConsumers,
            boolean autoDeleteAddress) {
        String name = queue.getName().toString();
        counts.keySet().removeIf(k -> k.inbox().equals(name));
    }

    /**
     * Counts what waits in every inbox queue of {@code server}, paged messages and scheduled ones
     * included. Call once the journal is loaded and before clients connect.
     */
    void rebuild(ActiveMQServer server) throws Exception {
        long t0 = System.nanoTime();
        counts.clear();
        long messages = 0;
        int inboxes = 0;
        for (Binding binding : server.getPostOffice().getAllBindings().toList()) {
            if (!(binding instanceof LocalQueueBinding local)
                    || !InboxMessageLimitsPlugin.isInbox(local.getQueue().getName().toString())) {
                continue;
            }
            Queue queue = local.getQueue();
            inboxes++;
            try (LinkedListIterator<MessageReference> it = queue.browserIterator()) {
                while (it.hasNext()) {
                    messages += countIn(queue, it.next());
                }
            }
            for (MessageReference ref : queue.getScheduledMessages()) {
                messages += countIn(queue, ref);
            }
        }
        log.info(
                "Counted {} waiting messages by sender in {} inboxes in {} ms",
                messages,
                inboxes,
                (System.nanoTime() - t0) / 1_000_000);
    }

    private int countIn(Queue queue, MessageReference ref) {
        String sender = ref.getMessage().getValidatedUserID();
        if (sender == null || sender.isEmpty()) {
            return 0;
        }
        counts.merge(new Key(queue.getName().toString(), sender), 1L, Long::sum);
        return 1;
    }

    private void giveBack(Message message) {
        Reservation r = reserved.get();
        if (r != null && r.message() == message) {
            reserved.remove();
            release(r.key());
        }
    }

    private void onRollback(Transaction tx, Key key) {
        if (tx != null) {
            tx.addOperation(
                    new TransactionOperationAbstract() {
                        @Override
                        public void afterRollback(Transaction t) {
                            release(key);
                        }
                    });
        }
    }

    private void release(Key key) {
        counts.computeIfPresent(key, (k, n) -> n <= 1 ? null : n - 1);
    }
}
