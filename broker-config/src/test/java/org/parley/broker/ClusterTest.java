package org.parley.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.parley.broker.SingleNodeBrokerTest.body;
import static org.parley.broker.SingleNodeBrokerTest.newId;
import static org.parley.broker.SingleNodeBrokerTest.send;
import static org.parley.broker.SingleNodeBrokerTest.sendAs;
import static org.parley.broker.TestSupport.connectAs;
import static org.parley.broker.TestSupport.inboxConsumer;
import static org.parley.broker.TestSupport.messageCount;
import static org.parley.broker.TestSupport.presenceWatcher;

import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.testing.Wait;

/** Two nodes on loopback with static connectors to each other, as the local stack runs them. */
class ClusterTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir static Path dirA;
    @TempDir static Path dirB;
    static BrokerNode nodeA;
    static BrokerNode nodeB;

    @BeforeAll
    static void startCluster() throws Exception {
        int portA = TestSupport.freePort();
        int portB = TestSupport.freePort();
        nodeA =
                new BrokerNode(
                        TestSupport.config("node-a", dirA, portA, List.of("127.0.0.1:" + portB))
                                .build(),
                        TestSupport.CLOCK);
        nodeB =
                new BrokerNode(
                        TestSupport.config("node-b", dirB, portB, List.of("127.0.0.1:" + portA))
                                .build(),
                        TestSupport.CLOCK);
        nodeA.start();
        nodeB.start();
        awaitClusterFormed();
    }

    @AfterAll
    static void stopCluster() throws Exception {
        for (BrokerNode node : new BrokerNode[] {nodeA, nodeB}) {
            if (node != null) {
                node.close();
            }
        }
    }

    private static void awaitClusterFormed() throws InterruptedException {
        Wait.until(
                WAIT,
                "a two-node cluster",
                () -> nodeA.isClusterFormed(2) && nodeB.isClusterFormed(2));
    }

    @Test
    void aBridgeLeftStoppedToAMemberOfTheTopologyIsRecreatedAndMessagesFlowAgain()
            throws Exception {
        var cc =
                (org.apache.activemq.artemis.core.server.cluster.impl.ClusterConnectionImpl)
                        nodeB.server()
                                .getClusterManager()
                                .getClusterConnection(BrokerXml.CLUSTER_CONNECTION);
        String idOfA = nodeA.server().getNodeID().toString();
        var bridge = cc.getRecords().get(idOfA).getBridge();
        assertThat(bridge.getConfiguration().getPendingAckTimeout())
                .as("cluster bridges give up unconfirmed sends after")
                .isEqualTo(ClusterRepair.PENDING_ACK_TIMEOUT.toMillis());

        // The state a quick peer restart left behind: the peer in the topology, its bridge dead.
        bridge.stop();
        Wait.until(WAIT, "B's bridge to A to stop", () -> !bridge.isConnected());
        assertThat(cc.getTopology().getMember(idOfA)).as("A still in B's topology").isNotNull();

        Wait.until(
                WAIT.plus(ClusterRepair.GRACE),
                "a new bridge from B to A",
                () ->
                        cc.getRecords().get(idOfA) != null
                                && cc.getRecords().get(idOfA).getBridge() != bridge
                                && nodeB.isClusterFormed(2));
        try (Connection alice = connectAs(nodeB, "alice");
                Connection dan = connectAs(nodeA, "dan")) {
            MessageConsumer consumer = inboxConsumer(dan, "dan", Session.CLIENT_ACKNOWLEDGE);
            Wait.until(
                    WAIT,
                    "B to know dan's consumer on A",
                    () -> {
                        try {
                            var bindings =
                                    nodeB.server()
                                            .getPostOffice()
                                            .getBindingsForAddress(
                                                    SimpleString.of("parley.inbox.dan"));
                            return bindings != null && !bindings.getBindings().isEmpty();
                        } catch (Exception e) {
                            throw new AssertionError(e);
                        }
                    });
            send(alice, "parley.inbox.dan", "over the new bridge", newId());
            Message m = consumer.receive(WAIT.toMillis());
            assertThat(m).isNotNull();
            assertThat(body(m)).isEqualTo("over the new bridge");
            m.acknowledge();
        }
    }

    @Test
    void messageWaitingOnOneNodeFollowsItsOwnerToTheOtherExactlyOnce() throws Exception {
        List<String> sent = new ArrayList<>();
        try (Connection alice = connectAs(nodeA, "alice")) {
            for (int i = 0; i < 5; i++) {
                String text = "message " + i;
                send(alice, "parley.inbox.bob", text, newId());
                sent.add(text);
            }
        }
        assertThat(messageCount(nodeA, "parley.inbox.bob")).isEqualTo(5);

        try (Connection bob = connectAs(nodeB, "bob")) {
            MessageConsumer consumer = inboxConsumer(bob, "bob", Session.CLIENT_ACKNOWLEDGE);
            List<String> received = new ArrayList<>();
            for (int i = 0; i < sent.size(); i++) {
                Message m = consumer.receive(WAIT.toMillis());
                assertThat(m).as("message %d of %d", i + 1, sent.size()).isNotNull();
                assertThat(m.getStringProperty("_AMQ_VALIDATED_USER")).isEqualTo("alice");
                received.add(body(m));
                m.acknowledge();
            }
            assertThat(received).containsExactlyElementsOf(sent);
            assertThat(consumer.receive(500)).as("nothing duplicated").isNull();
        }
        assertThat(messageCount(nodeA, "parley.inbox.bob")).isZero();
    }

    @Test
    void messageSentWhileTheOwnerIsOnTheOtherNodeIsDeliveredThere() throws Exception {
        try (Connection carol = connectAs(nodeB, "carol")) {
            MessageConsumer consumer = inboxConsumer(carol, "carol", Session.CLIENT_ACKNOWLEDGE);
            // Node A learns of carol's consumer through the cluster before the send.
            Wait.until(
                    WAIT,
                    "node A to see carol's consumer on B",
                    () -> hasRemoteConsumer(nodeA, "parley.inbox.carol"));
            sendAs(nodeA, "alice", "parley.inbox.carol", "live");
            Message m = consumer.receive(WAIT.toMillis());
            assertThat(m).isNotNull();
            assertThat(body(m)).isEqualTo("live");
            m.acknowledge();
            assertThat(consumer.receive(300)).isNull();
        }
    }

    @Test
    void presenceOfAUserOnOneNodeReachesSubscribersOnTheOther() throws Exception {
        try (Connection erin = connectAs(nodeB, "erin")) {
            MessageConsumer watcher = presenceWatcher(erin, "dave");
            Wait.until(
                    WAIT,
                    "node A to see erin's presence subscription",
                    () -> hasRemoteConsumer(nodeA, "parley.presence.dave"));

            try (Connection dave = connectAs(nodeA, "dave")) {
                inboxConsumer(dave, "dave", Session.CLIENT_ACKNOWLEDGE);
                Message online = watcher.receive(WAIT.toMillis());
                assertThat(online).isNotNull();
                assertThat(online.getStringProperty("user")).isEqualTo("dave");
                assertThat(online.getBooleanProperty("online")).isTrue();
            }
            Message offline = watcher.receive(WAIT.toMillis());
            assertThat(offline).isNotNull();
            assertThat(offline.getBooleanProperty("online")).isFalse();
        }
    }

    @Test
    void undeliveredMessagesSurviveARestartOfTheirNode() throws Exception {
        try (Connection alice = connectAs(nodeA, "alice")) {
            send(alice, "parley.inbox.frank", "first", newId());
            send(alice, "parley.inbox.frank", "second", newId());
        }
        nodeA.stop();
        nodeA.start();
        awaitClusterFormed();

        try (Connection frank = connectAs(nodeB, "frank")) {
            MessageConsumer consumer = inboxConsumer(frank, "frank", Session.CLIENT_ACKNOWLEDGE);
            Message first = consumer.receive(WAIT.toMillis());
            Message second = consumer.receive(WAIT.toMillis());
            assertThat(first).isNotNull();
            assertThat(second).isNotNull();
            assertThat(List.of(body(first), body(second))).containsExactly("first", "second");
            second.acknowledge();
            assertThat(consumer.receive(300)).isNull();
        }
    }

    @Test
    void largeMessageFollowsItsOwnerWithTheSendersValidatedUser() throws Exception {
        byte[] payload = new byte[300 * 1024]; // over the client's 100 KiB large-message threshold
        TestSupport.RANDOM.nextBytes(payload);
        try (Connection alice = connectAs(nodeA, "alice")) {
            Session session = alice.createSession(Session.AUTO_ACKNOWLEDGE);
            var producer = session.createProducer(session.createQueue("parley.inbox.gus"));
            var message = session.createBytesMessage();
            message.writeBytes(payload);
            message.setStringProperty("_AMQ_DUPL_ID", newId());
            producer.send(message);
        }
        try (Connection gus = connectAs(nodeB, "gus")) {
            Message m =
                    inboxConsumer(gus, "gus", Session.CLIENT_ACKNOWLEDGE).receive(WAIT.toMillis());
            assertThat(m).isNotNull();
            assertThat(m.getStringProperty("_AMQ_VALIDATED_USER")).isEqualTo("alice");
            var bytes = (jakarta.jms.BytesMessage) m;
            byte[] received = new byte[(int) bytes.getBodyLength()];
            bytes.readBytes(received);
            assertThat(received).isEqualTo(payload);
            m.acknowledge();
        }
    }

    @Test
    void probeReportsEachNodesConnections() throws Exception {
        try (Connection a1 = connectAs(nodeA, "alice");
                Connection a2 = connectAs(nodeA, "bob")) {
            int onA = nodeA.connectionCount();
            int onB = nodeB.connectionCount();
            assertThat(
                            BrokerStatusProbe.connectionCount(
                                    nodeA.url(),
                                    TestSupport.SERVICE_PASSWORD,
                                    Duration.ofSeconds(5)))
                    .hasValue(onA);
            assertThat(
                            BrokerStatusProbe.connectionCount(
                                    nodeB.url(),
                                    TestSupport.SERVICE_PASSWORD,
                                    Duration.ofSeconds(5)))
                    .hasValue(onB);
        }
    }

    private static boolean hasRemoteConsumer(BrokerNode node, String address) {
        try {
            var bindings =
                    node.server()
                            .getPostOffice()
                            .lookupBindingsForAddress(SimpleString.of(address));
            return bindings != null
                    && bindings.getBindings().stream()
                            .anyMatch(
                                    b ->
                                            b
                                                            instanceof
                                                            org.apache.activemq.artemis.core.server
                                                                            .cluster.impl
                                                                            .RemoteQueueBindingImpl
                                                                    r
                                                    && r.consumerCount() > 0);
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    void aMessageMovedToAnotherNodeIsCountedInItsSendersShareOnOneNodeAtATime() throws Exception {
        try (Connection alice = connectAs(nodeA, "alice")) {
            for (int i = 0; i < 5; i++) {
                send(alice, "parley.inbox.mover", "to mover " + i, newId());
            }
        }
        assertThat(nodeA.waitingFrom("mover", "alice")).isEqualTo(5);
        try (Connection mover = connectAs(nodeB, "mover")) {
            MessageConsumer consumer = inboxConsumer(mover, "mover", Session.CLIENT_ACKNOWLEDGE);
            List<Message> received = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                Message m = consumer.receive(WAIT.toMillis());
                assertThat(m).as("message %d moved to node B", i).isNotNull();
                received.add(m);
            }
            // Moved by the bridge (the cluster user) but still alice's: counted on B, given back on
            // A.
            Wait.until(
                    WAIT,
                    "the moved messages to be counted on B only",
                    () ->
                            nodeA.waitingFrom("mover", "alice") == 0
                                    && nodeB.waitingFrom("mover", "alice") == 5);
            assertThat(nodeB.waitingFrom("mover", TokenSecurityManager.CLUSTER_USER)).isZero();
            received.get(4).acknowledge(); // CLIENT_ACKNOWLEDGE: all five
            Wait.until(
                    WAIT,
                    "the acknowledgement to be counted",
                    () -> nodeB.waitingFrom("mover", "alice") == 0);
        }
    }
}
