package org.parley.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.parley.broker.TestSupport.connectAs;
import static org.parley.broker.TestSupport.inboxConsumer;
import static org.parley.broker.TestSupport.messageCount;
import static org.parley.broker.TestSupport.presenceWatcher;

import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.junit.jupiter.api.Test;
import org.parley.testing.Wait;

class SingleNodeBrokerTest extends OneNodeTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void messageToAnInboxThatDidNotExistWaitsForItsOwnerAndCarriesTheSendersValidatedUser()
            throws Exception {
        assertThat(node.server().locateQueue(SimpleString.of("parley.inbox.bob"))).isNull();

        sendAs(node, "alice", "parley.inbox.bob", "hello bob");
        assertThat(node.server().locateQueue(SimpleString.of("parley.inbox.bob"))).isNotNull();

        try (Connection bob = connectAs(node, "bob")) {
            MessageConsumer consumer = inboxConsumer(bob, "bob", Session.CLIENT_ACKNOWLEDGE);
            Message received = consumer.receive(WAIT.toMillis());
            assertThat(received).isNotNull();
            assertThat(body(received)).isEqualTo("hello bob");
            assertThat(received.getStringProperty("_AMQ_VALIDATED_USER")).isEqualTo("alice");
            assertThat(received.getJMSDeliveryMode()).isEqualTo(DeliveryMode.PERSISTENT);
            received.acknowledge();
        }
    }

    @Test
    void ownerCanBrowseHisInboxWithoutConsumingIt() throws Exception {
        sendAs(node, "alice", "parley.inbox.hugo", "peek");
        try (Connection hugo = connectAs(node, "hugo")) {
            Session session = hugo.createSession(Session.AUTO_ACKNOWLEDGE);
            var browsed =
                    java.util.Collections.list(
                            session.createBrowser(session.createQueue("parley.inbox.hugo"))
                                    .getEnumeration());
            assertThat(browsed).hasSize(1);
        }
        assertThat(messageCount(node, "parley.inbox.hugo")).isEqualTo(1);
    }

    @Test
    void persistentMessageSurvivesANodeRestart() throws Exception {
        sendAs(node, "alice", "parley.inbox.carol", "kept on disk");
        node.stop();
        node.start();

        try (Connection carol = connectAs(node, "carol")) {
            Message received =
                    inboxConsumer(carol, "carol", Session.CLIENT_ACKNOWLEDGE)
                            .receive(WAIT.toMillis());
            assertThat(received).isNotNull();
            assertThat(body(received)).isEqualTo("kept on disk");
            received.acknowledge();
        }
    }

    @Test
    void messageSentTwiceWithTheSameDuplicateIdIsStoredOnce() throws Exception {
        String id = newId();
        try (Connection alice = connectAs(node, "alice")) {
            send(alice, "parley.inbox.dave", "once", id);
            send(alice, "parley.inbox.dave", "once", id);
            send(alice, "parley.inbox.dave", "another", newId());
        }
        assertThat(messageCount(node, "parley.inbox.dave")).isEqualTo(2);

        try (Connection dave = connectAs(node, "dave")) {
            MessageConsumer consumer = inboxConsumer(dave, "dave", Session.AUTO_ACKNOWLEDGE);
            assertThat(body(consumer.receive(WAIT.toMillis()))).isEqualTo("once");
            assertThat(body(consumer.receive(WAIT.toMillis()))).isEqualTo("another");
            assertThat(consumer.receive(200)).isNull();
        }
    }

    @Test
    void presenceSubscriberSeesOwnerComeOnlineAndGoOffline() throws Exception {
        try (Connection carol = connectAs(node, "carol")) {
            MessageConsumer watcher = presenceWatcher(carol, "erin");

            Connection erin = connectAs(node, "erin");
            inboxConsumer(erin, "erin", Session.CLIENT_ACKNOWLEDGE);

            Message online = watcher.receive(WAIT.toMillis());
            assertThat(online).isNotNull();
            assertThat(online.getStringProperty("user")).isEqualTo("erin");
            assertThat(online.getBooleanProperty("online")).isTrue();
            assertThat(online.getLongProperty("ts")).isPositive();
            assertThat(online.getJMSDeliveryMode()).isEqualTo(DeliveryMode.NON_PERSISTENT);

            erin.close();
            Message offline = watcher.receive(WAIT.toMillis());
            assertThat(offline).isNotNull();
            assertThat(offline.getStringProperty("user")).isEqualTo("erin");
            assertThat(offline.getBooleanProperty("online")).isFalse();

            watcher.close(); // deletes carol's subscription queue: needs DELETE_NON_DURABLE_QUEUE
            // of her own queue
        }
    }

    @Test
    void presenceGoesOfflineWhenTheConnectionDiesWithoutClosing() throws Exception {
        try (Connection carol = connectAs(node, "carol")) {
            MessageConsumer watcher = presenceWatcher(carol, "frank");

            Connection frank = connectAs(node, "frank");
            Session frankSession = frank.createSession(Session.CLIENT_ACKNOWLEDGE);
            frankSession.createConsumer(frankSession.createQueue("parley.inbox.frank"));
            frankSession.createConsumer(
                    frankSession.createQueue("parley.inbox.frank")); // a second device
            assertThat(watcher.receive(WAIT.toMillis()).getBooleanProperty("online")).isTrue();
            Wait.until(WAIT, "frank counted online", () -> node.onlineUsers().contains("frank"));

            // The server drops frank's connection as it would for a crashed client.
            node.server().getRemotingService().getConnections().stream()
                    .filter(
                            c ->
                                    c.getSubject() != null
                                            && c.getSubject().getPrincipals().stream()
                                                    .anyMatch(p -> p.getName().equals("frank")))
                    .forEach(
                            c ->
                                    c.fail(
                                            new org.apache.activemq.artemis.api.core
                                                    .ActiveMQNotConnectedException("test")));

            Message offline = watcher.receive(WAIT.toMillis());
            assertThat(offline).isNotNull();
            assertThat(offline.getBooleanProperty("online")).isFalse();
            assertThat(watcher.receive(200)).as("only one offline for two consumers").isNull();
            try {
                frank.close();
            } catch (Exception ignored) {
                // already failed
            }
        }
    }

    @Test
    void probeCountsOpenConnectionsAndNotItself() throws Exception {
        // Every test here closes its connections, but the node drops them asynchronously (a failed
        // one in the presence test takes longest): counting from a baseline taken meanwhile raced.
        Wait.until(
                WAIT,
                "the earlier tests' connections to be gone",
                () -> node.connectionCount() == 0);
        try (Connection a = connectAs(node, "alice");
                Connection b = connectAs(node, "bob");
                Connection c = connectAs(node, "carol")) {
            assertThat(node.connectionCount()).isEqualTo(3);
            assertThat(
                            BrokerStatusProbe.connectionCount(
                                    node.url(),
                                    TestSupport.SERVICE_PASSWORD,
                                    Duration.ofSeconds(5)))
                    .hasValue(3);
        }
    }

    @Test
    void userProbeCountsLoggedInUsersNotTheirConnections() throws Exception {
        Wait.until(WAIT, "the earlier tests' users to be gone", () -> node.onlineUsers().isEmpty());
        java.util.List<Connection> open = new java.util.ArrayList<>();
        try {
            // Names of their own: other tests here expect alice's and bob's inboxes not to exist
            // yet.
            for (String user : new String[] {"ulla", "ulla", "ulla", "ulla", "vera"}) {
                Connection c = connectAs(node, user);
                open.add(c);
                Session s = c.createSession(Session.AUTO_ACKNOWLEDGE);
                s.createConsumer(s.createQueue("parley.inbox." + user));
            }
            open.add(
                    connectAs(
                            node,
                            "wanda")); // connected, not reading her inbox: not logged in to chat
            Wait.until(WAIT, "ulla and vera to be online", () -> node.onlineUsers().size() == 2);
            assertThat(
                            BrokerStatusProbe.onlineUserCount(
                                    node.url(),
                                    TestSupport.SERVICE_PASSWORD,
                                    Duration.ofSeconds(5)))
                    .hasValue(2);
            assertThat(
                            BrokerStatusProbe.onlineUserCount(
                                    node.url(), "not-the-service-password", Duration.ofSeconds(3)))
                    .isEmpty();
        } finally {
            for (Connection c : open) {
                c.close();
            }
        }
    }

    @Test
    void probeOfANodeThatIsNotThereIsEmptyWithinTheTimeout() throws Exception {
        int deadPort = TestSupport.freePort();
        long start = System.nanoTime();
        assertThat(
                        BrokerStatusProbe.connectionCount(
                                "tcp://127.0.0.1:" + deadPort,
                                TestSupport.SERVICE_PASSWORD,
                                Duration.ofSeconds(2)))
                .isEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void probeWithTheWrongPasswordIsEmpty() {
        assertThat(
                        BrokerStatusProbe.connectionCount(
                                node.url(), "not-the-service-password", Duration.ofSeconds(3)))
                .isEmpty();
        assertThat(
                        BrokerStatusProbe.connectionCount(
                                node.url(), TestSupport.CLUSTER_PASSWORD, Duration.ofSeconds(3)))
                .isEmpty();
    }

    /** Connects as {@code user}, sends {@code text} to {@code inbox} with a new duplicate id. */
    static void sendAs(BrokerNode node, String user, String inbox, String text) throws Exception {
        try (Connection connection = connectAs(node, user)) {
            send(connection, inbox, text, newId());
        }
    }

    static void send(Connection connection, String inbox, String text, String dupId)
            throws Exception {
        Session session = connection.createSession(Session.AUTO_ACKNOWLEDGE);
        try {
            Queue queue = session.createQueue(inbox);
            MessageProducer producer = session.createProducer(queue);
            producer.setDeliveryMode(DeliveryMode.PERSISTENT);
            BytesMessage message = session.createBytesMessage();
            message.writeBytes(text.getBytes(StandardCharsets.UTF_8));
            message.setStringProperty("_AMQ_DUPL_ID", dupId);
            producer.send(message);
        } finally {
            session.close();
        }
    }

    static String body(Message message) throws Exception {
        assertThat(message).isInstanceOf(BytesMessage.class);
        BytesMessage bytes = (BytesMessage) message;
        byte[] data = new byte[(int) bytes.getBodyLength()];
        bytes.readBytes(data);
        return new String(data, StandardCharsets.UTF_8);
    }

    static String newId() {
        return UUID.randomUUID().toString().replace("-", "");
    }
}
