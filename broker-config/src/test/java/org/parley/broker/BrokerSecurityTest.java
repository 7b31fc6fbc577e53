package org.parley.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.parley.broker.SingleNodeBrokerTest.send;
import static org.parley.broker.SingleNodeBrokerTest.sendAs;
import static org.parley.broker.TestSupport.connect;
import static org.parley.broker.TestSupport.connectAs;
import static org.parley.broker.TestSupport.inboxConsumer;
import static org.parley.broker.TestSupport.messageCount;
import static org.parley.broker.TestSupport.token;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.api.core.ActiveMQSecurityException;
import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.api.core.client.ActiveMQClient;
import org.apache.activemq.artemis.api.core.client.ClientConsumer;
import org.apache.activemq.artemis.api.core.client.ClientMessage;
import org.apache.activemq.artemis.api.core.client.ClientProducer;
import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.apache.activemq.artemis.api.core.client.ClientSessionFactory;
import org.apache.activemq.artemis.api.core.client.ServerLocator;
import org.apache.activemq.artemis.api.core.management.ManagementHelper;
import org.apache.activemq.artemis.api.core.management.ResourceNames;
import org.apache.activemq.artemis.core.client.impl.ClientMessageImpl;
import org.junit.jupiter.api.Test;
import org.parley.crypto.SessionClaims;
import org.parley.crypto.SessionTokens;
import org.parley.crypto.primitives.Ed25519;

/** Hostile clients against a real node: what a token holder can and cannot do. */
class BrokerSecurityTest extends OneNodeTest {

    // ---- authentication ----

    @Test
    void tokenSignedByAnotherKeyIsRefused() {
        Ed25519.KeyPair forger = Ed25519.generate(TestSupport.RANDOM);
        String forged =
                SessionTokens.issue(
                        forger.privateKey(),
                        SessionClaims.session("alice", Instant.now(), Duration.ofMinutes(15)));
        assertRefused("alice", forged);
    }

    @Test
    void expiredTokenIsRefused() {
        assertRefused(
                "alice",
                token("alice", Instant.now().minus(Duration.ofHours(1)), Duration.ofMinutes(15)));
    }

    @Test
    void anotherUsersTokenIsRefused() {
        assertRefused("bob", token("alice"));
        assertRefused("ALICE", token("alice"));
    }

    @Test
    void garbagePasswordsAreRefused() {
        assertRefused("alice", "garbage");
        assertRefused("alice", "");
        assertRefused("alice", "a".repeat(100_000));
        String valid = token("alice");
        // A character well inside the signature: the last ones can carry S's always-zero top bits.
        int i = valid.length() - 10;
        assertRefused(
                "alice",
                valid.substring(0, i)
                        + (valid.charAt(i) == 'A' ? 'B' : 'A')
                        + valid.substring(i + 1));
        assertRefused("alice", null);
    }

    @Test
    void aParleyAccountNamedLikeTheServiceUsersCannotLogInAsThem() {
        assertRefused(TokenSecurityManager.SERVICE_USER, token(TokenSecurityManager.SERVICE_USER));
        assertRefused(TokenSecurityManager.CLUSTER_USER, token(TokenSecurityManager.CLUSTER_USER));
        assertRefused(TokenSecurityManager.CLUSTER_USER, TestSupport.SERVICE_PASSWORD);
        assertRefused(TokenSecurityManager.SERVICE_USER, TestSupport.CLUSTER_PASSWORD);
    }

    @Test
    void clusterCredentialsAuthenticate() throws Exception {
        try (Connection cluster =
                connect(node, TokenSecurityManager.CLUSTER_USER, TestSupport.CLUSTER_PASSWORD)) {
            assertThat(cluster.createSession(Session.AUTO_ACKNOWLEDGE)).isNotNull();
        }
    }

    @Test
    void serviceUserCanReadManagementButNotChangeItNorTouchInboxes() throws Exception {
        sendAs(node, "alice", "parley.inbox.svc-target", "private");
        try (Connection service =
                connect(node, TokenSecurityManager.SERVICE_USER, TestSupport.SERVICE_PASSWORD)) {
            Session session = service.createSession(Session.AUTO_ACKNOWLEDGE);
            assertThatThrownBy(
                            () ->
                                    session.createConsumer(
                                            session.createQueue("parley.inbox.svc-target")))
                    .isInstanceOf(JMSSecurityException.class);
            assertThatThrownBy(
                            () ->
                                    send(
                                            service,
                                            "parley.inbox.svc-target",
                                            "spam",
                                            SingleNodeBrokerTest.newId()))
                    .isInstanceOf(JMSSecurityException.class);
        }
        try (CoreClient service =
                CoreClient.open(TokenSecurityManager.SERVICE_USER, TestSupport.SERVICE_PASSWORD)) {
            ClientMessage read =
                    service.manage(
                            m ->
                                    ManagementHelper.putAttribute(
                                            m, ResourceNames.BROKER, "connectionCount"));
            assertThat(ManagementHelper.hasOperationSucceeded(read)).isTrue();

            ClientMessage change =
                    service.manage(
                            m ->
                                    ManagementHelper.putOperationInvocation(
                                            m,
                                            ResourceNames.BROKER,
                                            "createAddress",
                                            "parley.evil",
                                            "ANYCAST"));
            assertThat(ManagementHelper.hasOperationSucceeded(change)).isFalse();
            assertThat(node.server().getAddressInfo(SimpleString.of("parley.evil"))).isNull();

            ClientMessage destroy =
                    service.manage(
                            m ->
                                    ManagementHelper.putOperationInvocation(
                                            m,
                                            ResourceNames.QUEUE + "parley.inbox.svc-target",
                                            "removeAllMessages"));
            assertThat(ManagementHelper.hasOperationSucceeded(destroy)).isFalse();
        }
        assertThat(messageCount(node, "parley.inbox.svc-target")).isEqualTo(1);
    }

    // ---- authorization of chat users ----

    @Test
    void userCannotConsumeOrBrowseAnotherUsersInbox() throws Exception {
        sendAs(node, "carol", "parley.inbox.alice", "for alice only");
        try (Connection bob = connectAs(node, "bob")) {
            Session session = bob.createSession(Session.AUTO_ACKNOWLEDGE);
            Queue alicesInbox = session.createQueue("parley.inbox.alice");
            assertThatThrownBy(() -> session.createConsumer(alicesInbox))
                    .isInstanceOf(JMSSecurityException.class);
            QueueBrowser browser = session.createBrowser(alicesInbox);
            assertThatThrownBy(() -> browser.getEnumeration().hasMoreElements())
                    .isInstanceOf(JMSSecurityException.class);
        }
        try (CoreClient bob = CoreClient.open("bob", token("bob"))) {
            assertThatThrownBy(() -> bob.session().createConsumer("parley.inbox.alice"))
                    .isInstanceOf(ActiveMQSecurityException.class);
            assertThatThrownBy(() -> bob.session().createConsumer("parley.inbox.alice", true))
                    .isInstanceOf(ActiveMQSecurityException.class);
        }
        assertThat(messageCount(node, "parley.inbox.alice")).isEqualTo(1);
    }

    @Test
    void userCannotCreateOrDeleteQueuesAndAddressesOfHisChoice() throws Exception {
        sendAs(node, "alice", "parley.inbox.carol", "keep me");
        try (CoreClient bob = CoreClient.open("bob", token("bob"))) {
            ClientSession s = bob.session();
            assertThatThrownBy(
                            () ->
                                    s.createAddress(
                                            SimpleString.of("bobs-address"),
                                            RoutingType.ANYCAST,
                                            false))
                    .isInstanceOf(ActiveMQSecurityException.class);
            assertCannotCreateQueue(
                    s, QueueConfiguration.of("bobs-queue").setRoutingType(RoutingType.ANYCAST));
            assertCannotCreateQueue(
                    s,
                    QueueConfiguration.of("tap")
                            .setAddress("parley.inbox.carol")
                            .setRoutingType(RoutingType.ANYCAST));
            assertCannotCreateQueue(
                    s,
                    QueueConfiguration.of("parley.inbox.zed")
                            .setAddress("parley.inbox.zed")
                            .setRoutingType(RoutingType.ANYCAST)
                            .setDurable(false));
            assertCannotCreateQueue(
                    s,
                    QueueConfiguration.of("parley.inbox.yan")
                            .setAddress("parley.presence.bob")
                            .setRoutingType(RoutingType.MULTICAST)
                            .setDurable(false));
            assertThatThrownBy(() -> s.deleteQueue("parley.inbox.carol"))
                    .isInstanceOf(ActiveMQSecurityException.class);
            assertThatThrownBy(() -> s.deleteQueue("parley.dlq"))
                    .isInstanceOf(ActiveMQSecurityException.class);
        }
        try (Connection bob = connectAs(node, "bob")) {
            assertThatThrownBy(() -> send(bob, "bobs-queue", "x", SingleNodeBrokerTest.newId()))
                    .isInstanceOf(JMSException.class);
        }
        assertThat(node.server().getAddressInfo(SimpleString.of("bobs-address"))).isNull();
        assertThat(node.server().locateQueue(SimpleString.of("bobs-queue"))).isNull();
        assertThat(node.server().locateQueue(SimpleString.of("tap"))).isNull();
        assertThat(messageCount(node, "parley.inbox.carol")).isEqualTo(1);
    }

    @Test
    void anInboxQueueCreatedWithHostileAttributesStillKeepsEveryMessage() throws Exception {
        try (CoreClient mallory = CoreClient.open("mallory", token("mallory"))) {
            mallory.session()
                    .createQueue(
                            QueueConfiguration.of("parley.inbox.gina")
                                    .setAddress("parley.inbox.gina")
                                    .setRoutingType(RoutingType.ANYCAST)
                                    .setDurable(true)
                                    .setFilterString("1=0")
                                    .setPurgeOnNoConsumers(true)
                                    .setRingSize(1L)
                                    .setEnabled(false)
                                    .setMaxConsumers(0)
                                    .setAutoDelete(true)
                                    .setAutoDeleteDelay(0L)
                                    .setAutoDeleteMessageCount(-1L)
                                    .setLastValue(true)
                                    .setNonDestructive(true));
        }
        try (Connection alice = connectAs(node, "alice")) {
            send(alice, "parley.inbox.gina", "one", SingleNodeBrokerTest.newId());
            send(alice, "parley.inbox.gina", "two", SingleNodeBrokerTest.newId());
        }
        var queue = node.server().locateQueue(SimpleString.of("parley.inbox.gina"));
        assertThat(queue.getFilter()).isNull();
        assertThat(queue.getMessageCount()).isEqualTo(2);
        assertThat(queue.isPurgeOnNoConsumers()).isFalse();
        assertThat(queue.isEnabled()).isTrue();
        assertThat(queue.getRingSize()).isEqualTo(-1);
        assertThat(queue.getAutoDeleteMessageCount()).isZero();
        try (Connection gina = connectAs(node, "gina")) {
            MessageConsumer consumer = inboxConsumer(gina, "gina", Session.AUTO_ACKNOWLEDGE);
            assertThat(SingleNodeBrokerTest.body(consumer.receive(5000))).isEqualTo("one");
            assertThat(SingleNodeBrokerTest.body(consumer.receive(5000))).isEqualTo("two");
        }
    }

    @Test
    void inboxAndPresenceAddressesKeepTheirRoutingType() throws Exception {
        try (CoreClient mallory = CoreClient.open("mallory", token("mallory"))) {
            assertThatThrownBy(
                            () ->
                                    mallory.session()
                                            .createAddress(
                                                    SimpleString.of("parley.inbox.hank"),
                                                    EnumSet.of(RoutingType.MULTICAST),
                                                    true))
                    .isInstanceOf(ActiveMQException.class);
            mallory.session()
                    .createAddress(SimpleString.of("parley.inbox.hank"), RoutingType.ANYCAST, true);
            assertThatThrownBy(
                            () ->
                                    mallory.session()
                                            .createAddress(
                                                    SimpleString.of("parley.inbox.hank"),
                                                    EnumSet.of(
                                                            RoutingType.ANYCAST,
                                                            RoutingType.MULTICAST),
                                                    true))
                    .isInstanceOf(ActiveMQException.class);
            assertThatThrownBy(
                            () ->
                                    mallory.session()
                                            .createAddress(
                                                    SimpleString.of("parley.presence.hank"),
                                                    RoutingType.ANYCAST,
                                                    true))
                    .isInstanceOf(ActiveMQException.class);
        }
        assertThat(
                        node.server()
                                .getAddressInfo(SimpleString.of("parley.inbox.hank"))
                                .getRoutingTypes())
                .containsExactly(RoutingType.ANYCAST);
        assertThat(node.server().getAddressInfo(SimpleString.of("parley.presence.hank"))).isNull();
    }

    @Test
    void userCannotSendToManagementNorPresenceNorAnythingButInboxes() throws Exception {
        try (CoreClient bob = CoreClient.open("bob", token("bob"))) {
            for (Map.Entry<String, RoutingType> address :
                    List.of(
                            Map.entry("activemq.management", RoutingType.ANYCAST),
                            Map.entry("parley.presence.alice", RoutingType.MULTICAST),
                            Map.entry("parley.dlq", RoutingType.ANYCAST),
                            Map.entry("activemq.notifications", RoutingType.MULTICAST))) {
                assertThatThrownBy(() -> bob.send(address.getKey(), address.getValue()))
                        .as(address.getKey())
                        .isInstanceOf(ActiveMQSecurityException.class);
            }
        }
        try (Connection bob = connectAs(node, "bob")) {
            for (String address : List.of("activemq.management", "parley.dlq")) {
                assertThatThrownBy(() -> send(bob, address, "x", SingleNodeBrokerTest.newId()))
                        .as(address)
                        .isInstanceOf(JMSException.class);
            }
        }
    }

    @Test
    void userCannotConsumeWildcards() throws Exception {
        sendAs(node, "alice", "parley.inbox.ivy", "not for wildcards");
        try (Connection bob = connectAs(node, "bob")) {
            Session session = bob.createSession(Session.AUTO_ACKNOWLEDGE);
            for (String name :
                    List.of(
                            "parley.inbox.#",
                            "parley.inbox.*",
                            "#",
                            "parley.#",
                            "parley.inbox.iv*")) {
                assertThatThrownBy(() -> session.createConsumer(session.createQueue(name)))
                        .as(name)
                        .isInstanceOf(JMSException.class);
                assertThatThrownBy(() -> session.createConsumer(session.createTopic(name)))
                        .as("topic " + name)
                        .isInstanceOf(JMSException.class);
            }
            assertThatThrownBy(
                            () -> session.createConsumer(session.createTopic("parley.presence.#")))
                    .isInstanceOf(JMSSecurityException.class);
            assertThatThrownBy(
                            () -> session.createConsumer(session.createTopic("parley.presence.*")))
                    .isInstanceOf(JMSSecurityException.class);
        }
        try (CoreClient bob = CoreClient.open("bob", token("bob"))) {
            assertCannotCreateQueue(
                    bob.session(),
                    QueueConfiguration.of("0b1c2d3e-0000-4000-8000-000000000000")
                            .setAddress("parley.inbox.#")
                            .setRoutingType(RoutingType.MULTICAST)
                            .setDurable(false));
        }
        assertThat(messageCount(node, "parley.inbox.ivy")).isEqualTo(1);
    }

    @Test
    void userCannotReadOrDeleteSomeoneElsesPresenceSubscription() throws Exception {
        try (Connection carol = connectAs(node, "carol")) {
            Session session = carol.createSession(Session.AUTO_ACKNOWLEDGE);
            session.createConsumer(session.createTopic("parley.presence.jack"));
            String carolsQueue =
                    node.server()
                            .bindingQuery(SimpleString.of("parley.presence.jack"))
                            .getQueueNames()
                            .get(0)
                            .toString();
            try (CoreClient bob = CoreClient.open("bob", token("bob"))) {
                assertThatThrownBy(() -> bob.session().createConsumer(carolsQueue))
                        .isInstanceOf(ActiveMQSecurityException.class);
                assertThatThrownBy(() -> bob.session().deleteQueue(carolsQueue))
                        .isInstanceOf(ActiveMQSecurityException.class);
            }
            assertThat(node.server().locateQueue(SimpleString.of(carolsQueue))).isNotNull();
        }
    }

    /** Asks through the core API to create {@code queue}, and is refused for lack of permission. */
    private static void assertCannotCreateQueue(ClientSession session, QueueConfiguration queue) {
        assertThatThrownBy(() -> session.createQueue(queue))
                .as("queue %s on %s", queue.getName(), queue.getAddress())
                .isInstanceOf(ActiveMQSecurityException.class);
    }

    private static void assertRefused(String user, String password) {
        assertThatThrownBy(() -> connect(node, user, password).close())
                .as("connection as %s", user)
                .isInstanceOf(JMSSecurityException.class);
    }

    /** A raw core-protocol client: the API a hostile client would use to go past JMS. */
    private record CoreClient(
            ServerLocator locator, ClientSessionFactory factory, ClientSession session)
            implements AutoCloseable {

        static CoreClient open(String user, String password) throws Exception {
            ServerLocator locator = ActiveMQClient.createServerLocator(TestSupport.clientUrl(node));
            ClientSessionFactory factory = locator.createSessionFactory();
            ClientSession session =
                    factory.createSession(user, password, false, true, true, false, 0);
            session.start();
            return new CoreClient(locator, factory, session);
        }

        interface Request {
            void fill(ClientMessage message) throws Exception;
        }

        /** Sends a management request and returns the reply. */
        ClientMessage manage(Request request) throws Exception {
            String reply = TokenSecurityManager.SERVICE_REPLY_PREFIX + java.util.UUID.randomUUID();
            session.createQueue(
                    QueueConfiguration.of(reply)
                            .setRoutingType(RoutingType.ANYCAST)
                            .setDurable(false)
                            .setTemporary(true));
            try (ClientConsumer consumer = session.createConsumer(reply);
                    ClientProducer producer = session.createProducer("activemq.management")) {
                ClientMessage message = session.createMessage(true);
                request.fill(message);
                message.putStringProperty(ClientMessageImpl.REPLYTO_HEADER_NAME, reply);
                producer.send(message);
                ClientMessage answer = consumer.receive(5000);
                assertThat(answer).as("management reply").isNotNull();
                return answer;
            }
        }

        void send(String address, RoutingType routingType) throws Exception {
            try (ClientProducer producer = session.createProducer(address)) {
                ClientMessage message = session.createMessage(true);
                message.setRoutingType(routingType);
                message.putBooleanProperty("online", true);
                producer.send(message);
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
