package org.parley.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.parley.broker.SingleNodeBrokerTest.sendAs;
import static org.parley.broker.TestSupport.connectAs;

import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.api.core.client.ActiveMQClient;
import org.apache.activemq.artemis.api.core.client.ClientMessage;
import org.apache.activemq.artemis.api.core.client.ClientProducer;
import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.apache.activemq.artemis.api.core.client.ClientSessionFactory;
import org.apache.activemq.artemis.api.core.client.ServerLocator;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.model.BrokerRefusals;
import org.parley.testing.Wait;

/**
 * The inbox limits of decision 0012 on one node, with small limits so that they are reached
 * quickly.
 */
class InboxLimitsTest {

    @TempDir Path dataDir;

    private BrokerNode start(BrokerNodeConfig.Builder config) throws Exception {
        BrokerNode node = new BrokerNode(config.build(), TestSupport.CLOCK);
        node.start();
        return node;
    }

    private BrokerNodeConfig.Builder config() throws Exception {
        return TestSupport.config("limits", dataDir, TestSupport.freePort(), List.of());
    }

    @Test
    void aSenderIsRefusedPastItsShareOfAnInboxWhileOthersStillGetInAndTheCountSurvivesARestart()
            throws Exception {
        BrokerNode node = start(config().inboxSenderShareMessages(5));
        try {
            try (Connection alice = connectAs(node, "alice")) {
                for (int i = 0; i < 5; i++) {
                    SingleNodeBrokerTest.send(
                            alice, "parley.inbox.bob", "alice " + i, SingleNodeBrokerTest.newId());
                }
                assertThatThrownBy(
                                () ->
                                        SingleNodeBrokerTest.send(
                                                alice,
                                                "parley.inbox.bob",
                                                "one too many",
                                                SingleNodeBrokerTest.newId()))
                        .isInstanceOf(JMSException.class)
                        .hasMessageContaining(BrokerRefusals.SENDER_SHARE_FULL);
                // Her share of another inbox is her own.
                SingleNodeBrokerTest.send(
                        alice, "parley.inbox.dave", "to dave", SingleNodeBrokerTest.newId());
            }
            sendAs(node, "carol", "parley.inbox.bob", "carol");
            assertThat(inboxCount(node, "bob")).isEqualTo(6);
            assertThat(node.waitingFrom("bob", "alice")).isEqualTo(5);

            node.stop();
            node.start();
            assertThat(node.waitingFrom("bob", "alice"))
                    .as("counted again from the inbox at the start")
                    .isEqualTo(5);
            assertThat(node.waitingFrom("bob", "carol")).isEqualTo(1);
            try (Connection alice = connectAs(node, "alice")) {
                assertThatThrownBy(
                                () ->
                                        SingleNodeBrokerTest.send(
                                                alice,
                                                "parley.inbox.bob",
                                                "after the restart",
                                                SingleNodeBrokerTest.newId()))
                        .hasMessageContaining(BrokerRefusals.SENDER_SHARE_FULL);

                // bob reads two of alice's messages in a transaction he rolls back: nothing is
                // freed.
                try (Connection bob = connectAs(node, "bob")) {
                    Session tx = bob.createSession(true, Session.SESSION_TRANSACTED);
                    MessageConsumer c = tx.createConsumer(tx.createQueue("parley.inbox.bob"));
                    assertThat(c.receive(10_000)).isNotNull();
                    assertThat(c.receive(10_000)).isNotNull();
                    tx.rollback();
                    c.close();
                    tx.close();
                    assertThat(node.waitingFrom("bob", "alice")).isEqualTo(5);

                    // Then he acknowledges two: alice may send two more, and no third.
                    Session s = bob.createSession(false, Session.CLIENT_ACKNOWLEDGE);
                    MessageConsumer consumer = s.createConsumer(s.createQueue("parley.inbox.bob"));
                    for (int i = 0; i < 2; i++) {
                        Message m = consumer.receive(10_000);
                        assertThat(m).isNotNull();
                        m.acknowledge();
                    }
                    consumer.close();
                }
                Wait.until(
                        java.time.Duration.ofSeconds(10),
                        "the acknowledgements to be counted",
                        () -> node.waitingFrom("bob", "alice") == 3);
                SingleNodeBrokerTest.send(
                        alice, "parley.inbox.bob", "again 1", SingleNodeBrokerTest.newId());
                SingleNodeBrokerTest.send(
                        alice, "parley.inbox.bob", "again 2", SingleNodeBrokerTest.newId());
                assertThatThrownBy(
                                () ->
                                        SingleNodeBrokerTest.send(
                                                alice,
                                                "parley.inbox.bob",
                                                "again 3",
                                                SingleNodeBrokerTest.newId()))
                        .hasMessageContaining(BrokerRefusals.SENDER_SHARE_FULL);
                // A duplicate is not stored, so it takes no place either.
                assertThat(node.waitingFrom("bob", "alice")).isEqualTo(5);
            }
        } finally {
            node.stop();
        }
    }

    @Test
    void aNonPersistentMessageToAnInboxIsRefusedAndNothingIsStored() throws Exception {
        BrokerNode node = start(config());
        try {
            String url = TestSupport.clientUrl(node) + "&blockOnNonDurableSend=true";
            try (ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(url);
                    Connection mallory =
                            factory.createConnection("mallory", TestSupport.token("mallory"))) {
                Session s = mallory.createSession(false, Session.AUTO_ACKNOWLEDGE);
                MessageProducer p = s.createProducer(s.createQueue("parley.inbox.bob"));
                BytesMessage m = s.createBytesMessage();
                m.writeBytes(new byte[100]);
                assertThatThrownBy(() -> p.send(m, DeliveryMode.NON_PERSISTENT, 4, 0))
                        .hasMessageContaining(BrokerRefusals.NOT_PERSISTENT);
            }
            // Without waiting for an answer (Artemis' default for non-persistent sends): dropped.
            try (ActiveMQConnectionFactory factory =
                            new ActiveMQConnectionFactory(TestSupport.clientUrl(node));
                    Connection mallory =
                            factory.createConnection("mallory", TestSupport.token("mallory"))) {
                Session s = mallory.createSession(false, Session.AUTO_ACKNOWLEDGE);
                MessageProducer p = s.createProducer(s.createQueue("parley.inbox.bob"));
                for (int i = 0; i < 1_000; i++) {
                    BytesMessage m = s.createBytesMessage();
                    m.writeBytes(new byte[100]);
                    p.send(m, DeliveryMode.NON_PERSISTENT, 4, 0);
                }
                SingleNodeBrokerTest.send(
                        mallory,
                        "parley.inbox.bob",
                        "persistent, after them",
                        SingleNodeBrokerTest.newId());
            }
            assertThat(inboxCount(node, "bob")).as("only the persistent one").isEqualTo(1);
        } finally {
            node.stop();
        }
    }

    @Test
    void aMessageAboveTheSizeLimitIsRefusedWhileItStreamsAndNotKept() throws Exception {
        int limit = 256 * 1024;
        BrokerNode node = start(config().inboxMessageMaxBytes(limit));
        try {
            try (Connection mallory = connectAs(node, "mallory")) {
                assertThatThrownBy(
                                () -> sendBytes(mallory, "parley.inbox.bob", new byte[4 * limit]))
                        .hasMessageContaining(BrokerRefusals.TOO_LARGE);
                sendBytes(
                        mallory,
                        "parley.inbox.bob",
                        new byte[limit - 1024]); // large, but within the limit
            }
            assertThat(inboxCount(node, "bob")).isEqualTo(1);
            Wait.until(
                    java.time.Duration.ofSeconds(10),
                    "the refused message's file to go",
                    () -> largeMessageFiles(node) == 1);
        } finally {
            node.stop();
        }
    }

    @Test
    void aFrameAboveTheFrameLimitClosesTheConnectionBeforeItIsRead() throws Exception {
        BrokerNode node = start(config());
        try (ServerLocator locator =
                ActiveMQClient.createServerLocator(TestSupport.clientUrl(node))
                        .setMinLargeMessageSize(64 * 1024 * 1024)) {
            ClientSessionFactory factory = locator.createSessionFactory();
            ClientSession session =
                    factory.createSession(
                            "mallory", TestSupport.token("mallory"), false, true, true, false, 0);
            ClientProducer producer = session.createProducer("parley.inbox.bob");
            ClientMessage message = session.createMessage(true);
            message.getBodyBuffer().writeBytes(new byte[4 * WireLimits.MAX_FRAME_BYTES]);
            assertThatThrownBy(() -> producer.send(message)).isNotNull();
            assertThat(inboxCount(node, "bob")).isZero();
            factory.close();
        } finally {
            node.stop();
        }
    }

    @Test
    void aUserHoldsAtMostTheLimitOfConnectionsAndGetsASlotBackWhenOneCloses() throws Exception {
        BrokerNode node = start(config().maxConnectionsPerUser(3));
        List<Connection> open = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                open.add(connectAs(node, "mallory"));
            }
            assertThatThrownBy(() -> connectAs(node, "mallory"))
                    .isInstanceOf(jakarta.jms.JMSSecurityException.class)
                    .hasMessageContaining(BrokerRefusals.TOO_MANY_CONNECTIONS);
            try (Connection bob = connectAs(node, "bob")) {
                assertThat(bob).as("another user is not affected").isNotNull();
            }
            open.remove(0).close();
            Wait.until(
                    java.time.Duration.ofSeconds(10),
                    "the closed connection to give its slot back",
                    () -> {
                        try (Connection again = connectAs(node, "mallory")) {
                            return again != null;
                        } catch (JMSException e) {
                            return false;
                        }
                    });
        } finally {
            for (Connection c : open) {
                c.close();
            }
            node.stop();
        }
    }

    static void sendBytes(Connection connection, String inbox, byte[] body) throws JMSException {
        Session s = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        try {
            MessageProducer p = s.createProducer(s.createQueue(inbox));
            BytesMessage m = s.createBytesMessage();
            m.writeBytes(body);
            p.send(m, DeliveryMode.PERSISTENT, 4, 0);
        } finally {
            s.close();
        }
    }

    static long inboxCount(BrokerNode node, String user) {
        var q = node.server().locateQueue(SimpleString.of("parley.inbox." + user));
        return q == null ? 0 : q.getMessageCount();
    }

    static long largeMessageFiles(BrokerNode node) {
        Path dir = node.config().dataDir().resolve("large-messages");
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.count();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
