package org.parley.bench;

import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.jspecify.annotations.Nullable;
import org.parley.broker.BrokerNode;
import org.parley.broker.BrokerNodeConfig;
import org.parley.crypto.SessionClaims;
import org.parley.crypto.SessionTokens;
import org.parley.crypto.primitives.Ed25519;

/**
 * The baseline: one {@link BrokerNode} with {@link BrokerNodeConfig} defaults (same journal, buffer
 * timeout calibration, security manager, inbox policy), driven by plain Jakarta JMS: 1 KiB bytes
 * messages, persistent, blocking send, {@code _AMQ_DUPL_ID} set, AUTO_ACKNOWLEDGE listeners. Tokens
 * are signed here with a key the node trusts; no Parley client work.
 */
// "try": close() passes on BrokerNode.close()'s `throws Exception`; javac's warning about an
// InterruptedException from close() can only be silenced on the class.
@SuppressWarnings("try")
final class RawTarget implements Target {
    private static final String PARAMS =
            "?useTopologyForLoadBalancing=false&reconnectAttempts=0&initialConnectAttempts=1"
                    + "&blockOnDurableSend=true&callTimeout=10000";
    static final String BACKLOG_USER = "rawbacklog";

    private final Path dataDir;
    private final int port;
    private final Ed25519.KeyPair signing = Ed25519.generate(new SecureRandom());
    private @Nullable BrokerNode node;
    private @Nullable ActiveMQConnectionFactory factory;
    private final List<Connection> connections = new ArrayList<>();
    private final List<Session> sendSessions = new ArrayList<>();
    private final List<MessageProducer> producers = new ArrayList<>();
    private final List<Session> backlogSessions = new ArrayList<>();
    private final List<MessageProducer> backlogProducers = new ArrayList<>();
    private volatile @Nullable Tracker tracker;
    private boolean closed;

    /** 0: calibrate at start, as a node does by default. */
    private long journalBufferTimeoutNanos;

    RawTarget(Path dataDir, int port) {
        this.dataDir = dataDir;
        this.port = port;
    }

    @Override
    public String name() {
        return "raw Artemis";
    }

    @Override
    public void setUp(int pairs) throws Exception {
        node =
                new BrokerNode(
                        BrokerNodeConfig.builder()
                                .nodeId("bench-baseline")
                                .port(port)
                                .dataDir(dataDir)
                                .tokenPublicKey(signing.publicKey())
                                .clusterPassword(UUID.randomUUID().toString())
                                .servicePassword(UUID.randomUUID().toString())
                                .journalBufferTimeoutNanos(journalBufferTimeoutNanos)
                                .build(),
                        Clock.systemUTC());
        node.start();
        factory = new ActiveMQConnectionFactory(node.url() + PARAMS);
        for (int i = 0; i < pairs; i++) {
            String receiver = "rawrecv" + i;
            Connection rc = connect(receiver);
            Session rs = rc.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer =
                    rs.createConsumer(rs.createQueue("parley.inbox." + receiver));
            consumer.setMessageListener(this::onMessage);
            rc.start();
            Connection sc = connect("rawsend" + i);
            Session ss = sc.createSession(false, Session.AUTO_ACKNOWLEDGE);
            sendSessions.add(ss);
            producers.add(ss.createProducer(ss.createQueue("parley.inbox." + receiver)));
            backlogSessions.add(ss);
            // The receiver sends to the backlog user too, from a session of its own (its receiving
            // session belongs to its listener).
            Session rbs = rc.createSession(false, Session.AUTO_ACKNOWLEDGE);
            backlogSessions.add(rbs);
        }
        for (Session bs : backlogSessions) {
            backlogProducers.add(bs.createProducer(bs.createQueue("parley.inbox." + BACKLOG_USER)));
        }
    }

    private Connection connect(String user) throws Exception {
        String token =
                SessionTokens.issue(
                        signing.privateKey(),
                        SessionClaims.session(user, Instant.now(), Duration.ofHours(2)));
        Connection c =
                Objects.requireNonNull(factory, "setUp() first").createConnection(user, token);
        synchronized (connections) {
            connections.add(c);
        }
        return c;
    }

    private void onMessage(Message message) {
        Tracker.receivedJms(tracker, message);
    }

    long journalBufferTimeoutNanos() {
        return Objects.requireNonNull(node, "setUp() first").journalBufferTimeoutNanos();
    }

    /** Use this journal buffer timeout instead of calibrating one (call before {@link #setUp}). */
    void journalBufferTimeoutNanos(long nanos) {
        this.journalBufferTimeoutNanos = nanos;
    }

    @Override
    public void track(Tracker tracker) {
        this.tracker = tracker;
    }

    @Override
    public void send(int sender, String text) throws Exception {
        send(sendSessions.get(sender), producers.get(sender), text);
    }

    @Override
    public void sendToBacklogUser(int sender, String text) throws Exception {
        send(backlogSessions.get(sender), backlogProducers.get(sender), text);
    }

    private static void send(Session session, MessageProducer producer, String text)
            throws Exception {
        BytesMessage m = session.createBytesMessage();
        m.writeBytes(text.getBytes(StandardCharsets.US_ASCII));
        m.setStringProperty("_AMQ_DUPL_ID", UUID.randomUUID().toString());
        producer.send(
                m, DeliveryMode.PERSISTENT, Message.DEFAULT_PRIORITY, Message.DEFAULT_TIME_TO_LIVE);
    }

    @Override
    public void connectBacklogUser(Tracker backlogTracker) throws Exception {
        Connection c = connect(BACKLOG_USER);
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageConsumer consumer = s.createConsumer(s.createQueue("parley.inbox." + BACKLOG_USER));
        consumer.setMessageListener(message -> Tracker.receivedJms(backlogTracker, message));
        c.start();
    }

    @Override
    public void close() throws Exception {
        if (closed) {
            return; // already closed
        }
        closed = true;
        synchronized (connections) {
            Bench.closeEach(connections);
        }
        if (factory != null) {
            factory.close();
        }
        if (node != null) {
            node.close();
        }
    }
}
