package org.parley.broker;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.parley.broker.TestSupport.connectAs;
import static org.parley.broker.TestSupport.inboxConsumer;

import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.activemq.artemis.api.core.ActiveMQSecurityException;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.api.core.client.ActiveMQClient;
import org.apache.activemq.artemis.api.core.client.ClientMessage;
import org.apache.activemq.artemis.api.core.client.ClientProducer;
import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.apache.activemq.artemis.api.core.client.ClientSessionFactory;
import org.apache.activemq.artemis.api.core.client.ServerLocator;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.postoffice.DuplicateIDCache;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.ActiveMQServers;
import org.junit.jupiter.api.Test;
import org.parley.testing.Wait;

/**
 * The trust boundary for client-set properties (decision 0011) on one real node over TCP, with the
 * raw core client a hostile user would use: internal properties are refused before the post
 * office's duplicate check sees them, and duplicate ids are scoped to the sender.
 */
class ClientMessagePolicyTest extends OneNodeTest {

    @Test
    void aClientsBridgeDuplicateIdIsRefusedBeforeTheBridgeCacheRemembersIt() throws Exception {
        byte[] bridgeId =
                ByteBuffer.allocate(24)
                        .putLong(UUID.randomUUID().getMostSignificantBits())
                        .putLong(42)
                        .putLong(4711)
                        .array();
        try (Core mallory = Core.as("mallory")) {
            mallory.send("parley.inbox.bob", "hello bob", m -> {}); // the inbox exists now
            Wait.until(
                    Duration.ofSeconds(10),
                    "the plain message in bob's inbox",
                    () -> depth("parley.inbox.bob") == 1);
            Throwable refused =
                    catchThrowable(
                            () ->
                                    mallory.send(
                                            "parley.inbox.bob",
                                            "poison",
                                            m -> {
                                                m.putBytesProperty(
                                                        SimpleString.of("_AMQ_BRIDGE_DUP"),
                                                        bridgeId);
                                                m.putBytesProperty(
                                                        SimpleString.of("_AMQ_ROUTE_TO"),
                                                        ByteBuffer.allocate(8)
                                                                .putLong(Long.MAX_VALUE)
                                                                .array());
                                            }));
            assertThat(refused)
                    .isInstanceOf(ActiveMQSecurityException.class)
                    .hasMessageContaining("_AMQ_");
        }
        // Had Artemis' duplicate check run first, the id would be in the bridge cache now.
        assertThat(cache("BRIDGE.parley.inbox.bob").contains(bridgeId)).isFalse();
        assertThat(depth("parley.inbox.bob")).isEqualTo(1);
    }

    @Test
    void everyInternalPropertyButTheClientsOwnIsRefusedAndNothingIsStored() throws Exception {
        List<String> internal =
                List.of(
                        "_AMQ_BRIDGE_DUP",
                        "_AMQ_ROUTE_TO",
                        "_AMQ_ROUTE_TOsf.my-cluster.x",
                        "_AMQ_ACK_ROUTE_TO",
                        "_AMQ_SCALEDOWN_TO",
                        "_AMQ_SCHED_DELIVERY",
                        "_AMQ_ACTUAL_EXPIRY",
                        "_AMQ_ORIG_ADDRESS",
                        "_AMQ_ORIG_QUEUE",
                        "_AMQ_ORIG_MESSAGE_ID",
                        "_AMQ_ORIG_ROUTING_TYPE",
                        "_AMQ_GROUP_ID",
                        "_AMQ_GROUP_SEQUENCE",
                        "_AMQ_LVQ_NAME",
                        "_AMQ_INGRESS_TIMESTAMP",
                        "_AMQ_PREFIX",
                        "_AMQ_CONTENT_TYPE",
                        "_AMQ_RESET_QUEUE_DATA",
                        "_AMQ_NotifType",
                        "__AMQ_SOMETHING",
                        "_amq_route_to");
        List<String> accepted = new ArrayList<>();
        try (Core mallory = Core.as("mallory")) {
            mallory.send("parley.inbox.erin", "hello erin", m -> {});
            Wait.until(
                    Duration.ofSeconds(10),
                    "the plain message in erin's inbox",
                    () -> depth("parley.inbox.erin") == 1);
            long before = 1;
            for (String name : internal) {
                Throwable t =
                        catchThrowable(
                                () ->
                                        mallory.send(
                                                "parley.inbox.erin",
                                                "with " + name,
                                                m ->
                                                        m.putLongProperty(
                                                                SimpleString.of(name),
                                                                System.currentTimeMillis()
                                                                        + 3_600_000)));
                if (!(t instanceof ActiveMQSecurityException)) {
                    accepted.add(name + " (" + t + ")");
                }
            }
            assertThat(accepted).as("internal properties a client could set").isEmpty();
            assertThat(depth("parley.inbox.erin")).isEqualTo(before);
            // The same producer's plain message still goes through: the refusal is per message.
            mallory.send("parley.inbox.erin", "plain", m -> {});
            Wait.until(
                    Duration.ofSeconds(10),
                    "the second plain message",
                    () -> depth("parley.inbox.erin") == before + 1);
        }
    }

    @Test
    void theJmsClientsOwnPropertiesPassForSmallAndStreamedMessages() throws Exception {
        byte[] big = new byte[300 * 1024];
        new Random(7).nextBytes(big);
        String id = UUID.randomUUID().toString();
        try (Connection alice = connectAs(node, "alice")) {
            Session session = alice.createSession(Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer =
                    session.createProducer(session.createQueue("parley.inbox.frank"));
            producer.setDeliveryMode(DeliveryMode.PERSISTENT);
            BytesMessage small = session.createBytesMessage();
            small.writeBytes("small".getBytes(UTF_8));
            small.setStringProperty("_AMQ_DUPL_ID", UUID.randomUUID().toString());
            producer.send(small);
            BytesMessage streamed = session.createBytesMessage();
            streamed.setObjectProperty("JMS_AMQ_InputStream", new ByteArrayInputStream(big));
            streamed.setStringProperty("_AMQ_DUPL_ID", id);
            producer.send(streamed);
        }
        try (Connection frank = connectAs(node, "frank")) {
            MessageConsumer consumer = inboxConsumer(frank, "frank", Session.AUTO_ACKNOWLEDGE);
            assertThat(SingleNodeBrokerTest.body(consumer.receive(10_000))).isEqualTo("small");
            Message m = consumer.receive(10_000);
            assertThat(m.getStringProperty("_AMQ_DUPL_ID")).isEqualTo(id);
            assertThat(m.getStringProperty("_AMQ_VALIDATED_USER")).isEqualTo("alice");
            byte[] got = new byte[(int) ((BytesMessage) m).getBodyLength()];
            ((BytesMessage) m).readBytes(got);
            assertThat(got).isEqualTo(big);
        }
    }

    @Test
    void aDuplicateIdMatchesOnlyTheSameSendersRetryAlsoAfterARestart() throws Exception {
        String id = UUID.randomUUID().toString();
        try (Connection alice = connectAs(node, "alice");
                Connection mallory = connectAs(node, "mallory")) {
            SingleNodeBrokerTest.send(mallory, "parley.inbox.gina", "pre-empted?", id);
            SingleNodeBrokerTest.send(alice, "parley.inbox.gina", "the real one", id);
            SingleNodeBrokerTest.send(
                    alice, "parley.inbox.gina", "the real one", id); // alice's retry
        }
        Wait.until(
                Duration.ofSeconds(10),
                "two messages in gina's inbox",
                () -> depth("parley.inbox.gina") == 2);
        // What Artemis remembers (and persists) is the scoped id, never the client's.
        byte[] clientBytes = SimpleString.of(id).getData();
        assertThat(
                        cache("parley.inbox.gina")
                                .contains(DuplicateIdScopePlugin.scoped("alice", clientBytes)))
                .isTrue();
        assertThat(
                        cache("parley.inbox.gina")
                                .contains(DuplicateIdScopePlugin.scoped("mallory", clientBytes)))
                .isTrue();
        assertThat(cache("parley.inbox.gina").contains(clientBytes)).isFalse();

        node.stop();
        node.start();
        try (Connection alice = connectAs(node, "alice")) {
            SingleNodeBrokerTest.send(alice, "parley.inbox.gina", "the real one", id);
        }
        assertThat(depth("parley.inbox.gina")).isEqualTo(2);
        try (Connection gina = connectAs(node, "gina")) {
            MessageConsumer consumer = inboxConsumer(gina, "gina", Session.AUTO_ACKNOWLEDGE);
            List<String> got = new ArrayList<>();
            for (Message m; (m = consumer.receive(2_000)) != null; ) {
                // Receivers see the id the sender gave, not the scoped one.
                assertThat(m.getStringProperty("_AMQ_DUPL_ID")).isEqualTo(id);
                got.add(
                        m.getStringProperty("_AMQ_VALIDATED_USER")
                                + ": "
                                + SingleNodeBrokerTest.body(m));
            }
            assertThat(got)
                    .containsExactlyInAnyOrder("mallory: pre-empted?", "alice: the real one");
        }
    }

    @Test
    void theNodeAcceptsTheCoreProtocolOnly() throws Exception {
        assertThat(node.server().getConfiguration().getAcceptorConfigurations())
                .allSatisfy(a -> assertThat(a.getParams().get("protocols")).isEqualTo("CORE"));
        String xml = Files.readString(dataDir.resolve("broker.xml"));
        assertThat(Stream.of(xml.split("\n")).filter(l -> l.contains("<acceptor ")).toList())
                .singleElement()
                .satisfies(l -> assertThat(l).contains("protocols=CORE;"));
    }

    @Test
    void aServerWhoseAcceptorTakesAnyProtocolButCoreCannotTakeThePolicy() throws Exception {
        // No protocols parameter means every protocol on the class path.
        for (String acceptor :
                List.of(
                        "tcp://127.0.0.1:0?protocols=AMQP",
                        "tcp://127.0.0.1:0?protocols=CORE,STOMP",
                        "tcp://127.0.0.1:0")) {
            ActiveMQServer server =
                    ActiveMQServers.newActiveMQServer(
                            new ConfigurationImpl()
                                    .setPersistenceEnabled(false)
                                    .setSecurityEnabled(false)
                                    .addAcceptorConfiguration("other", acceptor),
                            false);
            assertThat(
                            catchThrowable(
                                    () ->
                                            server.registerBrokerPlugin(
                                                    new ClientMessagePolicyPlugin())))
                    .as(acceptor)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("core protocol only");
        }
    }

    private static DuplicateIDCache cache(String address) {
        return node.server().getPostOffice().getDuplicateIDCache(SimpleString.of(address));
    }

    private static long depth(String queue) {
        var q = node.server().locateQueue(SimpleString.of(queue));
        return q == null ? 0 : q.getMessageCount();
    }

    /** The raw core client, with a real token, as a hostile user would use it. */
    private record Core(ServerLocator locator, ClientSessionFactory factory, ClientSession session)
            implements AutoCloseable {

        static Core as(String user) throws Exception {
            ServerLocator locator = ActiveMQClient.createServerLocator(TestSupport.clientUrl(node));
            ClientSessionFactory factory = locator.createSessionFactory();
            ClientSession session =
                    factory.createSession(
                            user, TestSupport.token(user), false, true, true, false, 0);
            return new Core(locator, factory, session);
        }

        void send(String address, String body, Consumer<ClientMessage> properties)
                throws Exception {
            try (ClientProducer producer = session.createProducer(address)) {
                ClientMessage m = session.createMessage(true);
                m.setRoutingType(RoutingType.ANYCAST); // as the JMS client does for a queue
                m.getBodyBuffer().writeBytes(body.getBytes(UTF_8));
                properties.accept(m);
                producer.send(m);
            }
        }

        @Override
        public void close() throws Exception {
            session.close();
            factory.close();
            locator.close();
        }
    }
}
