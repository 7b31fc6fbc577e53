package org.parley.testing.stack;

import java.util.List;
import java.util.function.Consumer;
import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.client.ActiveMQClient;
import org.apache.activemq.artemis.api.core.client.ClientMessage;
import org.apache.activemq.artemis.api.core.client.ClientProducer;
import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.apache.activemq.artemis.api.core.client.ClientSessionFactory;
import org.apache.activemq.artemis.api.core.client.ServerLocator;
import org.apache.activemq.artemis.api.core.client.TopologyMember;

/**
 * The raw Artemis core client on one node, with a username and a real session token: what a hostile
 * user gets below JMS, where any message property (bytes included) can be set.
 */
public record RawCore(
        ServerLocator locator,
        ClientSessionFactory factory,
        ClientSession session,
        ClientProducer producer)
        implements AutoCloseable {

    /** Blocking durable sends, no reconnect, as client-core's URL; the session is started. */
    public static RawCore connect(String brokerUrl, String user, String token) throws Exception {
        ServerLocator locator =
                ActiveMQClient.createServerLocator(brokerUrl + RawJms.ONE_NODE_OPTIONS);
        try {
            ClientSessionFactory factory = locator.createSessionFactory();
            ClientSession session = factory.createSession(user, token, false, true, true, false, 0);
            session.start();
            return new RawCore(locator, factory, session, session.createProducer());
        } catch (Exception e) {
            locator.close();
            throw e;
        }
    }

    /**
     * A durable message with {@code body}, to {@code address}, with whatever properties the caller
     * sets.
     */
    public void send(String address, byte[] body, Consumer<ClientMessage> properties)
            throws ActiveMQException {
        ClientMessage m =
                session.createMessage(
                        Message.BYTES_TYPE, true); // a JMS BytesMessage to the receiver
        m.setRoutingType(RoutingType.ANYCAST); // as the JMS client does for a queue
        m.getBodyBuffer().writeBytes(body);
        properties.accept(m);
        producer.send(address, m);
    }

    /** The cluster members this client was told of (node ids), as any client learns them. */
    public List<String> topologyNodeIds() {
        return locator.getTopology().getMembers().stream().map(TopologyMember::getNodeId).toList();
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (ActiveMQException e) {
            // closing anyway
        }
        factory.close();
        locator.close();
    }
}
