package org.parley.broker;

import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.core.server.ServerSession;
import org.apache.activemq.artemis.core.server.plugin.ActiveMQServerMessagePlugin;
import org.apache.activemq.artemis.core.transaction.Transaction;

/**
 * A message plugin that acts before a send: Artemis' {@code beforeSend} with only what Parley's
 * plugins read, the sending session and the message.
 */
interface BeforeSendPlugin extends ActiveMQServerMessagePlugin {

    @Override
    default void beforeSend(
            ServerSession session,
            Transaction tx,
            Message message,
            boolean direct,
            boolean noAutoCreateQueue)
            throws ActiveMQException {
        beforeSend(session, message);
    }

    /**
     * Runs before the post office's duplicate check and routing; an exception refuses the send and
     * nothing of the message is stored.
     *
     * @param session the sending session; null for the broker's internal sends
     */
    void beforeSend(ServerSession session, Message message) throws ActiveMQException;
}
