package org.parley.broker;

import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.api.core.ActiveMQSecurityException;
import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.core.server.LargeServerMessage;
import org.apache.activemq.artemis.core.server.ServerSession;
import org.parley.model.Addresses;
import org.parley.model.BrokerRefusals;

/**
 * Only persistent messages of bounded size go into inboxes.
 *
 * <p>A non-persistent message costs its sender no fsync, so one account could fill an inbox to its
 * page limit in seconds (issue 22: 113,244 such messages in 36 s), and it would be lost on a
 * restart anyway: Parley's clients only ever send persistent ones. The size limit is that of the
 * largest message client-core sends (a file streamed as one large message). Both are refused before
 * the message is routed, so nothing is stored; the sender gets a security error whose text starts
 * with a {@link BrokerRefusals} marker. {@link WireLimits} refuses the same earlier, on the wire,
 * where it can.
 *
 * <p>The cluster user is exempt: a bridge only forwards what a node already accepted.
 */
final class InboxMessageLimitsPlugin implements BeforeSendPlugin {

    private final long maxMessageBytes;

    InboxMessageLimitsPlugin(long maxMessageBytes) {
        this.maxMessageBytes = maxMessageBytes;
    }

    @Override
    public void beforeSend(ServerSession session, Message message) throws ActiveMQException {
        if (session == null
                || TokenSecurityManager.CLUSTER_USER.equals(session.getValidatedUser())
                || !isInbox(message.getAddress())) {
            return;
        }
        if (!message.isDurable()) {
            throw new ActiveMQSecurityException(
                    BrokerRefusals.NOT_PERSISTENT
                            + ": "
                            + message.getAddress()
                            + " takes only persistent messages; this one was not stored.");
        }
        long size = bodySize(message);
        if (size > maxMessageBytes) {
            throw new ActiveMQSecurityException(
                    BrokerRefusals.TOO_LARGE
                            + ": a message to "
                            + message.getAddress()
                            + " may have at most "
                            + maxMessageBytes
                            + " bytes, this one has "
                            + size
                            + "; it was not stored.");
        }
    }

    /** The stored body of a large message, else the whole encoded message. */
    static long bodySize(Message message) throws ActiveMQException {
        if (message.isLargeMessage() && message instanceof LargeServerMessage large) {
            return large.getLargeBody().getBodySize();
        }
        return message.getEncodeSize();
    }

    static boolean isInbox(String address) {
        return address != null && address.startsWith(Addresses.INBOX_PREFIX);
    }
}
