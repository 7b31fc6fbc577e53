package org.parley.testing.stack;

import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

/**
 * A plain Jakarta JMS client on one node, as any JMS tool would connect: username and session
 * token, no Parley code in between. What a hostile or curious user can do with their token.
 */
public final class RawJms implements AutoCloseable {
    public static final String DUPLICATE_ID = "_AMQ_DUPL_ID";
    public static final String VALIDATED_USER = "_AMQ_VALIDATED_USER";

    /**
     * The URL options of a client on exactly one node, as client-core's: no topology wandering, no
     * reconnect, blocking durable sends.
     */
    static final String ONE_NODE_OPTIONS =
            "?useTopologyForLoadBalancing=false&reconnectAttempts=0&initialConnectAttempts=1"
                    + "&blockOnDurableSend=true&blockOnNonDurableSend=true&callTimeout=30000";

    private final ActiveMQConnectionFactory factory;
    public final Connection connection;

    private RawJms(ActiveMQConnectionFactory factory, Connection connection) {
        this.factory = factory;
        this.connection = connection;
    }

    /**
     * Connects to exactly {@code brokerUrl} (no topology wandering, no reconnect) and starts
     * delivery.
     */
    public static RawJms connect(String brokerUrl, String user, String password)
            throws JMSException {
        ActiveMQConnectionFactory factory =
                new ActiveMQConnectionFactory(brokerUrl + ONE_NODE_OPTIONS);
        try {
            Connection connection = factory.createConnection(user, password);
            connection.start();
            return new RawJms(factory, connection);
        } catch (JMSException | RuntimeException e) {
            factory.close();
            throw e;
        }
    }

    public Session session() throws JMSException {
        return connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
    }

    /**
     * A blocking durable send of {@code body} to {@code queue}, as client-core sends an envelope.
     */
    public void send(String queue, byte[] body, String duplicateId) throws JMSException {
        try (Session session = session();
                MessageProducer producer = session.createProducer(session.createQueue(queue))) {
            producer.send(
                    bytes(session, body, duplicateId),
                    DeliveryMode.PERSISTENT,
                    Message.DEFAULT_PRIORITY,
                    Message.DEFAULT_TIME_TO_LIVE);
        }
    }

    public static BytesMessage bytes(Session session, byte[] body, String duplicateId)
            throws JMSException {
        BytesMessage message = session.createBytesMessage();
        message.writeBytes(body);
        if (duplicateId != null) {
            message.setStringProperty(DUPLICATE_ID, duplicateId);
        }
        return message;
    }

    public static byte[] body(Message message) throws JMSException {
        BytesMessage bytes = (BytesMessage) message;
        byte[] body = new byte[(int) bytes.getBodyLength()];
        bytes.readBytes(body);
        return body;
    }

    @Override
    public void close() throws JMSException {
        try {
            connection.close();
        } finally {
            factory.close();
        }
    }
}
