package org.parley.broker;

import java.util.EnumSet;
import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.api.core.ActiveMQSecurityException;
import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.server.impl.AddressInfo;
import org.apache.activemq.artemis.core.server.plugin.ActiveMQServerAddressPlugin;
import org.apache.activemq.artemis.core.server.plugin.ActiveMQServerQueuePlugin;
import org.parley.model.Addresses;

/**
 * Fixes the shape of inboxes and presence addresses whoever creates them.
 *
 * <p>Permissions say who may create an inbox queue; they cannot say how. Any user may cause {@code
 * parley.inbox.bob} to be created (a message to an offline bob must wait somewhere), and the core
 * protocol lets the creator choose queue attributes. A filter, a ring size, purge-on-no-consumers,
 * "disabled" or deletion with messages in it would each silently drop bob's mail, and a MULTICAST
 * {@code parley.inbox.bob} would lock bob out of his inbox. So an inbox queue is always the
 * canonical one (durable, anycast, named like its address, none of those attributes), and
 * inbox/presence addresses only ever have their one routing type.
 */
final class AddressPolicyPlugin implements ActiveMQServerAddressPlugin, ActiveMQServerQueuePlugin {

    AddressPolicyPlugin() {}

    @Override
    public void beforeAddAddress(AddressInfo addressInfo, boolean reload) throws ActiveMQException {
        if (!reload) {
            checkRoutingTypes(addressInfo.getName(), addressInfo.getRoutingTypes());
        }
    }

    @Override
    public void beforeUpdateAddress(SimpleString address, EnumSet<RoutingType> routingTypes)
            throws ActiveMQException {
        checkRoutingTypes(address, routingTypes);
    }

    @Override
    public void beforeCreateQueue(QueueConfiguration queue) throws ActiveMQException {
        String name = queue.getName() == null ? "" : queue.getName().toString();
        String address = queue.getAddress() == null ? "" : queue.getAddress().toString();
        // Queue names are global: nobody may take an inbox's name for a queue elsewhere.
        if (isInboxName(name) && !name.equals(address)) {
            throw refused(
                    "Queue " + name + " may only be the inbox queue of address " + name + ".");
        }
        if (isInboxName(address)) {
            if (!name.equals(address)
                    || queue.getRoutingType() != RoutingType.ANYCAST
                    || !Boolean.TRUE.equals(queue.isDurable())
                    || Boolean.TRUE.equals(queue.isTemporary())) {
                throw refused(
                        "An inbox queue is durable, ANYCAST and named like its address: "
                                + address
                                + ".");
            }
            canonicalizeInbox(queue);
        } else if (isPresenceName(address)) {
            if (queue.getRoutingType() != RoutingType.MULTICAST
                    || Boolean.TRUE.equals(queue.isDurable())) {
                throw refused(
                        "A presence subscription is a non-durable MULTICAST queue: "
                                + address
                                + ".");
            }
        } else if (isPresenceName(name)) {
            throw refused("Queue " + name + " may not be created on " + address + ".");
        }
    }

    private void canonicalizeInbox(QueueConfiguration queue) {
        queue.setFilterString((String) null)
                .setMaxConsumers(-1)
                .setPurgeOnNoConsumers(false)
                .setExclusive(false)
                .setLastValue(false)
                .setLastValueKey((String) null)
                .setNonDestructive(false)
                .setEnabled(true)
                .setConsumersBeforeDispatch(0)
                .setDelayBeforeDispatch(-1L)
                .setRingSize(-1L)
                .setGroupRebalance(false)
                .setGroupBuckets(-1)
                .setGroupFirstKey((String) null)
                .setInternal(false)
                // Not Artemis' auto-delete (it removes empty queues at every start, whatever the
                // delay): InboxReaper removes an inbox only when empty and unconsumed for the
                // delay.
                .setAutoDelete(false)
                // So that destroying it checks, under Artemis' lock, that it is empty.
                .setAutoDeleteMessageCount(0L);
    }

    private static void checkRoutingTypes(SimpleString address, EnumSet<RoutingType> routingTypes)
            throws ActiveMQException {
        String name = address == null ? "" : address.toString();
        if (isInboxName(name) && !EnumSet.of(RoutingType.ANYCAST).equals(routingTypes)) {
            throw refused("Inbox address " + name + " is ANYCAST only.");
        }
        if (isPresenceName(name) && !EnumSet.of(RoutingType.MULTICAST).equals(routingTypes)) {
            throw refused("Presence address " + name + " is MULTICAST only.");
        }
    }

    private static boolean isInboxName(String name) {
        return name.startsWith(Addresses.INBOX_PREFIX);
    }

    private static boolean isPresenceName(String name) {
        return name.startsWith(Addresses.PRESENCE_PREFIX);
    }

    private static ActiveMQException refused(String message) {
        return new ActiveMQSecurityException(message);
    }
}
