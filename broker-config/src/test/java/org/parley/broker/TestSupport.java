package org.parley.broker;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.parley.crypto.SessionClaims;
import org.parley.crypto.SessionTokens;
import org.parley.crypto.primitives.Ed25519;

/** Shared test fixtures: keys, tokens, ports, node configs, JMS connections, polling. */
final class TestSupport {

    static final SecureRandom RANDOM = new SecureRandom();
    static final Ed25519.KeyPair AUTH_KEY = Ed25519.generate(RANDOM);
    static final String CLUSTER_PASSWORD = "cluster-secret-" + Long.toHexString(RANDOM.nextLong());
    static final String SERVICE_PASSWORD = "service-secret-" + Long.toHexString(RANDOM.nextLong());
    static final Clock CLOCK = Clock.systemUTC();

    /** Fixed so broker tests skip the fsync measurement (JournalCalibrationTest covers it). */
    static final long TEST_BUFFER_TIMEOUT_NANOS = 200_000;

    private static final Set<Integer> HANDED_OUT = new HashSet<>();

    private TestSupport() {}

    static String token(String user) {
        return SessionTokens.issue(
                AUTH_KEY.privateKey(),
                SessionClaims.session(user, CLOCK.instant(), Duration.ofMinutes(15)));
    }

    static String token(String user, Instant issuedAt, Duration lifetime) {
        return SessionTokens.issue(
                AUTH_KEY.privateKey(), SessionClaims.session(user, issuedAt, lifetime));
    }

    /**
     * A port nothing listens on right now (Artemis acceptors cannot bind port 0 for cluster use).
     */
    static synchronized int freePort() throws IOException {
        for (int i = 0; i < 50; i++) {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
                socket.setReuseAddress(true);
                int port = socket.getLocalPort();
                if (HANDED_OUT.add(port)) {
                    return port;
                }
            }
        }
        throw new IOException("No free port found");
    }

    static BrokerNodeConfig.Builder config(
            String nodeId, Path dataDir, int port, List<String> peers) {
        return BrokerNodeConfig.builder()
                .nodeId(nodeId)
                .host("127.0.0.1")
                .port(port)
                .dataDir(dataDir)
                .peers(peers)
                .tokenPublicKey(AUTH_KEY.publicKey())
                .clusterPassword(CLUSTER_PASSWORD)
                .servicePassword(SERVICE_PASSWORD)
                .journalBufferTimeoutNanos(TEST_BUFFER_TIMEOUT_NANOS);
    }

    static BrokerNode startNode(String nodeId, Path dataDir) throws Exception {
        BrokerNode node =
                new BrokerNode(config(nodeId, dataDir, freePort(), List.of()).build(), CLOCK);
        node.start();
        return node;
    }

    /** How many messages {@code queue} on {@code node} holds; the queue must exist. */
    static long messageCount(BrokerNode node, String queue) {
        return Objects.requireNonNull(
                        node.server().locateQueue(SimpleString.of(queue)), "no queue " + queue)
                .getMessageCount();
    }

    /**
     * The client URL client-core is meant to use: stay on the node the auth server chose, fail
     * fast, blocking durable sends.
     */
    static String clientUrl(BrokerNode node) {
        return node.url()
                + "?useTopologyForLoadBalancing=false&reconnectAttempts=0&initialConnectAttempts=1"
                + "&blockOnDurableSend=true&callTimeout=10000";
    }

    static Connection connect(BrokerNode node, String user, String password) throws JMSException {
        // The factory is not closed: closing it would close the connections it made.
        ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(clientUrl(node));
        Connection connection = factory.createConnection(user, password);
        connection.start();
        return connection;
    }

    static Connection connectAs(BrokerNode node, String user) throws JMSException {
        return connect(node, user, token(user));
    }

    /** A consumer on {@code user}'s own inbox, in a new session of {@code owner}'s connection. */
    /** A subscription of {@code viewer} to {@code owner}'s presence (online/offline notices). */
    static MessageConsumer presenceWatcher(Connection viewer, String owner) throws JMSException {
        Session session = viewer.createSession(Session.AUTO_ACKNOWLEDGE);
        return session.createConsumer(session.createTopic("parley.presence." + owner));
    }

    static MessageConsumer inboxConsumer(Connection owner, String user, int acknowledgeMode)
            throws JMSException {
        Session session = owner.createSession(acknowledgeMode);
        return session.createConsumer(session.createQueue("parley.inbox." + user));
    }
}
