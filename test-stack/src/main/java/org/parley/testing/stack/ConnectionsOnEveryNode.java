package org.parley.testing.stack;

import jakarta.jms.JMSException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import org.parley.model.Addresses;

/**
 * One user's session token in use on every node of a stack, as another client of theirs or a thief
 * holding the token would use it: a {@link RawJms} connection per node, each recording when the
 * broker cuts it off. Closing closes what the brokers left open.
 */
public final class ConnectionsOnEveryNode implements AutoCloseable {
    private final String user;
    private final List<RawJms> connections = new ArrayList<>();

    /** What the connections the brokers closed reported, one per connection cut off. */
    public final List<JMSException> cutOff = new CopyOnWriteArrayList<>();

    private ConnectionsOnEveryNode(String user) {
        this.user = user;
    }

    public static ConnectionsOnEveryNode open(LocalStack stack, String user, String token)
            throws JMSException {
        ConnectionsOnEveryNode held = new ConnectionsOnEveryNode(user);
        try {
            for (int node = 0; node < LocalStack.NODES; node++) {
                RawJms connection = RawJms.connect(stack.url(node), user, token);
                connection.connection.setExceptionListener(held.cutOff::add);
                held.connections.add(connection);
            }
        } catch (JMSException | RuntimeException e) {
            held.close();
            throw e;
        }
        return held;
    }

    /**
     * Tries a new connection to each node as {@code user} with {@code token}: by node, what refused
     * it, or null where it was made (and closed again).
     */
    public static List<@Nullable Exception> refusals(LocalStack stack, String user, String token) {
        List<@Nullable Exception> refusals = new ArrayList<>();
        for (int node = 0; node < LocalStack.NODES; node++) {
            try {
                RawJms.connect(stack.url(node), user, token).close();
                refusals.add(null);
            } catch (JMSException | RuntimeException e) {
                refusals.add(e);
            }
        }
        return refusals;
    }

    /** A consumer on the user's inbox, through the connection to node 0. */
    public MessageConsumer consumeInbox() throws JMSException {
        Session session = connections.get(0).session();
        return session.createConsumer(session.createQueue(Addresses.inbox(user)));
    }

    /** Whether every node has cut its connection off. */
    public boolean allCutOff() {
        return cutOff.size() >= connections.size();
    }

    @Override
    public void close() {
        for (RawJms connection : connections) {
            try {
                connection.close();
            } catch (JMSException | RuntimeException e) {
                // already closed by the broker
            }
        }
    }
}
