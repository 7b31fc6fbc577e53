package org.parley.it;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.jms.JMSException;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.apache.activemq.artemis.api.core.ActiveMQSecurityException;
import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.api.core.client.ClientMessage;
import org.apache.activemq.artemis.api.core.client.ClientProducer;
import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.apache.activemq.artemis.api.core.management.ManagementHelper;
import org.apache.activemq.artemis.api.core.management.ResourceNames;
import org.apache.activemq.artemis.api.jms.management.JMSManagementHelper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.parley.auth.accounts.ServerKeys;
import org.parley.client.StoredMessage;
import org.parley.client.auth.AuthApiClient;
import org.parley.client.exceptions.SessionExpiredException;
import org.parley.client.testing.RecordingListener;
import org.parley.crypto.EnvelopeCrypto;
import org.parley.crypto.SessionClaims;
import org.parley.crypto.SessionTokens;
import org.parley.crypto.primitives.Ed25519;
import org.parley.model.EnvelopeHeader;
import org.parley.model.Ids;
import org.parley.testing.Wait;
import org.parley.testing.stack.Account;
import org.parley.testing.stack.LocalStack;
import org.parley.testing.stack.RawCore;
import org.parley.testing.stack.RawJms;
import org.parley.testing.stack.TestAccount;
import org.parley.testing.stack.TestClient;

/**
 * Hostile users with real accounts and real tokens from the real auth server, against both nodes of
 * a real cluster over TCP, with a plain Artemis client (JMS and the core API): what a token holder
 * cannot do. The broker-config module covers each rule on one node with tokens it mints itself;
 * these prove the deployed wiring (auth server key to brokers, the cluster's validated-user stamp,
 * client-core's receive checks) end to end.
 *
 * <p>One stack for the class: the tests use different inboxes and undo nothing the others read.
 */
@Timeout(value = 5, unit = java.util.concurrent.TimeUnit.MINUTES)
class BrokerSecurityIT {

    @RegisterExtension static final LocalStack stack = LocalStack.perClass();
    @Account static TestAccount alice;
    @Account static TestAccount bob;
    @Account static TestAccount mallory;

    /** Inboxes exist only for accounts: carol is the victim of the wildcard test. */
    @Account static TestAccount carol;

    @Test
    void bobsTokenCannotConsumeOrBrowseAlicesInboxOnEitherNode() throws Exception {
        String bobsToken = bob.token(stack.authUri());
        for (int node = 0; node < LocalStack.NODES; node++) {
            try (RawJms sender =
                    RawJms.connect(stack.url(node), "mallory", mallory.token(stack.authUri()))) {
                sender.send("parley.inbox.alice", "for alice only".getBytes(UTF_8), Ids.newId());
            }
            try (RawJms bobsClient = RawJms.connect(stack.url(node), "bob", bobsToken)) {
                Session session = bobsClient.session();
                jakarta.jms.Queue alicesInbox = session.createQueue("parley.inbox.alice");
                assertThatThrownBy(() -> session.createConsumer(alicesInbox))
                        .as("consumer on node %d", node)
                        .isInstanceOf(JMSSecurityException.class);
                QueueBrowser browser = session.createBrowser(alicesInbox);
                assertThatThrownBy(() -> browser.getEnumeration().hasMoreElements())
                        .as("browser on node %d", node)
                        .isInstanceOf(JMSSecurityException.class);
            }
            try (RawCore bobsCore = RawCore.connect(stack.url(node), "bob", bobsToken)) {
                assertThatThrownBy(() -> bobsCore.session().createConsumer("parley.inbox.alice"))
                        .isInstanceOf(ActiveMQSecurityException.class);
                assertThatThrownBy(
                                () -> bobsCore.session().createConsumer("parley.inbox.alice", true))
                        .as("browse-only core consumer")
                        .isInstanceOf(ActiveMQSecurityException.class);
            }
            assertThat(stack.inboxCount(node, "alice"))
                    .as("alice's inbox on node %d", node)
                    .isEqualTo(1);
        }
        // Control: the refusals were about who asked. Alice's own token reads both messages.
        List<String> read = new ArrayList<>();
        for (int node = 0; node < LocalStack.NODES; node++) {
            try (RawJms alicesClient =
                    RawJms.connect(stack.url(node), "alice", alice.token(stack.authUri()))) {
                Session session = alicesClient.session();
                MessageConsumer consumer =
                        session.createConsumer(session.createQueue("parley.inbox.alice"));
                Message m = consumer.receive(Wait.LONG.toMillis());
                assertThat(m).as("alice's message on node %d", node).isNotNull();
                read.add(new String(RawJms.body(m), UTF_8));
                consumer.close();
            }
        }
        assertThat(read).containsExactly("for alice only", "for alice only");
    }

    @Test
    void bobsTokenCannotCreateQueuesOrAddresses() throws Exception {
        String bobsToken = bob.token(stack.authUri());
        for (int node = 0; node < LocalStack.NODES; node++) {
            try (RawCore bobsCore = RawCore.connect(stack.url(node), "bob", bobsToken)) {
                ClientSession s = bobsCore.session();
                assertThatThrownBy(
                                () ->
                                        s.createAddress(
                                                SimpleString.of("bobs-address"),
                                                RoutingType.ANYCAST,
                                                false))
                        .isInstanceOf(ActiveMQSecurityException.class);
                for (QueueConfiguration queue :
                        List.of(
                                QueueConfiguration.of("bobs-queue")
                                        .setRoutingType(RoutingType.ANYCAST),
                                // A second queue on alice's inbox address would get a copy of her
                                // mail.
                                QueueConfiguration.of("tap")
                                        .setAddress("parley.inbox.alice")
                                        .setRoutingType(RoutingType.MULTICAST),
                                QueueConfiguration.of("tap2")
                                        .setAddress("parley.inbox.alice")
                                        .setRoutingType(RoutingType.ANYCAST))) {
                    assertCannotCreateQueue(s, queue);
                }
                assertThatThrownBy(() -> s.deleteQueue("parley.dlq"))
                        .isInstanceOf(ActiveMQSecurityException.class);
            }
            try (RawJms bobsClient = RawJms.connect(stack.url(node), "bob", bobsToken)) {
                Session session = bobsClient.session();
                assertThatThrownBy(session::createTemporaryQueue).isInstanceOf(JMSException.class);
                assertThatThrownBy(() -> session.createConsumer(session.createQueue("bobs-queue")))
                        .isInstanceOf(JMSException.class);
            }
            var server = stack.node(node).server();
            assertThat(server.getAddressInfo(SimpleString.of("bobs-address"))).isNull();
            for (String queue : List.of("bobs-queue", "tap", "tap2")) {
                assertThat(server.locateQueue(SimpleString.of(queue))).as(queue).isNull();
            }
            assertThat(server.locateQueue(SimpleString.of("parley.dlq"))).isNotNull();
        }
    }

    @Test
    void bobsTokenCannotSendToTheManagementAddress() throws Exception {
        String bobsToken = bob.token(stack.authUri());
        for (int node = 0; node < LocalStack.NODES; node++) {
            // Through JMS: a management request to create an address, and a harmless-looking read.
            try (RawJms bobsClient = RawJms.connect(stack.url(node), "bob", bobsToken)) {
                Session session = bobsClient.session();
                MessageProducer producer =
                        session.createProducer(session.createQueue("activemq.management"));
                Message create = session.createMessage();
                JMSManagementHelper.putOperationInvocation(
                        create, ResourceNames.BROKER, "createAddress", "parley.evil", "ANYCAST");
                assertThatThrownBy(() -> producer.send(create))
                        .isInstanceOf(JMSSecurityException.class);
                Message read = session.createMessage();
                JMSManagementHelper.putAttribute(read, ResourceNames.BROKER, "connectionCount");
                assertThatThrownBy(() -> producer.send(read))
                        .isInstanceOf(JMSSecurityException.class);
            }
            // Through the core API, which has no JMS layer to stop anything first.
            try (RawCore bobsCore = RawCore.connect(stack.url(node), "bob", bobsToken)) {
                try (ClientProducer producer =
                        bobsCore.session().createProducer("activemq.management")) {
                    ClientMessage m = bobsCore.session().createMessage(true);
                    ManagementHelper.putOperationInvocation(
                            m, ResourceNames.BROKER, "createAddress", "parley.evil2", "ANYCAST");
                    assertThatThrownBy(() -> producer.send(m))
                            .isInstanceOf(ActiveMQSecurityException.class);
                }
            }
            var server = stack.node(node).server();
            assertThat(server.getAddressInfo(SimpleString.of("parley.evil"))).isNull();
            assertThat(server.getAddressInfo(SimpleString.of("parley.evil2"))).isNull();
        }
    }

    @Test
    void bobsTokenCannotSubscribeWithAWildcard() throws Exception {
        try (RawJms sender =
                RawJms.connect(stack.url(0), "mallory", mallory.token(stack.authUri()))) {
            sender.send("parley.inbox.carol", "carol's mail".getBytes(UTF_8), Ids.newId());
        }
        String bobsToken = bob.token(stack.authUri());
        for (int node = 0; node < LocalStack.NODES; node++) {
            try (RawJms bobsClient = RawJms.connect(stack.url(node), "bob", bobsToken)) {
                Session session = bobsClient.session();
                for (String name :
                        List.of(
                                "#",
                                "parley.#",
                                "parley.inbox.#",
                                "parley.inbox.*",
                                "parley.inbox.car*")) {
                    assertThatThrownBy(() -> session.createConsumer(session.createTopic(name)))
                            .as("topic %s on node %d", name, node)
                            .isInstanceOf(JMSException.class);
                    assertThatThrownBy(() -> session.createConsumer(session.createQueue(name)))
                            .as("queue %s on node %d", name, node)
                            .isInstanceOf(JMSException.class);
                }
                for (String name : List.of("parley.presence.#", "parley.presence.*")) {
                    assertThatThrownBy(() -> session.createConsumer(session.createTopic(name)))
                            .as("topic %s on node %d", name, node)
                            .isInstanceOf(JMSSecurityException.class);
                }
            }
            try (RawCore bobsCore = RawCore.connect(stack.url(node), "bob", bobsToken)) {
                assertCannotCreateQueue(
                        bobsCore.session(),
                        QueueConfiguration.of(java.util.UUID.randomUUID().toString())
                                .setAddress("parley.inbox.#")
                                .setRoutingType(RoutingType.MULTICAST)
                                .setDurable(false));
            }
        }
        assertThat(stack.inboxCount(0, "carol"))
                .as("carol's message is still hers alone")
                .isEqualTo(1);
    }

    @Test
    void forgedExpiredAndOtherUsersTokensAreRefusedByEveryNodeAndTheAuthServer() throws Exception {
        Instant now = Instant.now();
        // Signed by a key that is not the auth server's.
        Ed25519.KeyPair forger = Ed25519.generate(new SecureRandom());
        String forged =
                SessionTokens.issue(
                        forger.privateKey(),
                        SessionClaims.session("bob", now, Duration.ofMinutes(15)));
        // Signed by the real auth server's key (from its data dir), but expired an hour ago (beyond
        // any clock skew).
        byte[] realKey =
                ServerKeys.loadOrCreate(
                                stack.stack.config().dataDir().resolve("auth"), new SecureRandom())
                        .signingPrivateKey();
        String expired =
                SessionTokens.issue(
                        realKey,
                        SessionClaims.session(
                                "bob", now.minus(Duration.ofHours(2)), Duration.ofMinutes(15)));
        String control =
                SessionTokens.issue(
                        realKey, SessionClaims.session("bob", now, Duration.ofMinutes(15)));
        // Real tokens issued by the auth server at login.
        String alicesToken = alice.token(stack.authUri());
        String bobsToken = bob.token(stack.authUri());
        String bobsTokenClaimingAlice = withSubject(bobsToken, "alice");

        for (int node = 0; node < LocalStack.NODES; node++) {
            String url = stack.url(node);
            assertRefused(url, "bob", forged);
            assertRefused(url, "bob", expired);
            assertRefused(url, "bob", alicesToken);
            assertRefused(url, "alice", bobsToken);
            assertRefused(url, "alice", bobsTokenClaimingAlice);
            assertRefused(url, "bob", bobsTokenClaimingAlice);
            // Controls: the real key and the real tokens work where they belong.
            RawJms.connect(url, "bob", control).close();
            RawJms.connect(url, "bob", bobsToken).close();
            RawJms.connect(url, "alice", alicesToken).close();
        }
        AuthApiClient api = TestAccount.api(stack.authUri());
        for (String bad : List.of(forged, expired, bobsTokenClaimingAlice)) {
            assertThatThrownBy(() -> api.refreshToken(bad))
                    .isInstanceOf(SessionExpiredException.class);
            assertThatThrownBy(() -> api.userKeys(bad, "alice"))
                    .isInstanceOf(SessionExpiredException.class);
        }
        assertThat(api.refreshToken(bobsToken).token()).isNotBlank();
    }

    /**
     * Mallory, a real user, sends bob well-formed envelopes that claim to be from alice: one she
     * sealed herself, and a genuine one sealed by alice's keys (a replay she somehow obtained), on
     * both nodes (so the broker's validated-user stamp also crosses the cluster bridge), and one
     * where she set {@code _AMQ_VALIDATED_USER} herself. Bob's client must reject every one
     * (onRejected, naming mallory as the real sender), show none of them, then show the genuine
     * envelope once when alice herself sends it: the rejection was the sender check alone.
     */
    @Test
    void anEnvelopeWhoseClaimedSenderIsNotTheAuthenticatedSenderIsRejectedAndNeverShown()
            throws Exception {
        try (TestClient bobsClient = stack.login(bob)) {
            int bobsNode = stack.nodeOf(bobsClient.broker());
            EnvelopeHeader genuineHeader =
                    EnvelopeHeader.direct("alice", "bob", System.currentTimeMillis(), "text");
            byte[] genuine =
                    alice.crypto()
                            .sealDirect(
                                    genuineHeader,
                                    "{\"text\":\"hi bob, it's really alice\"}".getBytes(UTF_8),
                                    bob.publicKeys())
                            .toBytes();
            EnvelopeHeader forgedHeader =
                    EnvelopeHeader.direct("alice", "bob", System.currentTimeMillis(), "text");
            // Mallory's best forgery: her own keys, alice's name in the header and in the key
            // derivation.
            byte[] forged =
                    new EnvelopeCrypto("alice", mallory.identity())
                            .sealDirect(
                                    forgedHeader,
                                    "{\"text\":\"send the money to mallory\"}".getBytes(UTF_8),
                                    bob.publicKeys())
                            .toBytes();

            String malloryToken = mallory.token(stack.authUri());
            int sent = 0;
            for (int node : List.of(bobsNode, LocalStack.other(bobsNode))) {
                try (RawJms mallorysClient =
                        RawJms.connect(stack.url(node), "mallory", malloryToken)) {
                    mallorysClient.send("parley.inbox.bob", forged, Ids.newId());
                    mallorysClient.send("parley.inbox.bob", genuine, Ids.newId());
                    sent += 2;
                    Session session = mallorysClient.session();
                    MessageProducer producer =
                            session.createProducer(session.createQueue("parley.inbox.bob"));
                    Message spoofed = RawJms.bytes(session, genuine, Ids.newId());
                    spoofed.setStringProperty(RawJms.VALIDATED_USER, "alice");
                    producer.send(spoofed);
                    sent++;
                }
            }
            int expected = sent;
            RecordingListener events = bobsClient.events;
            Wait.until(
                    "bob's client to reject all " + expected + " envelopes from mallory",
                    () -> events.rejections.size() >= expected && stack.drained("bob"));

            assertThat(events.rejections)
                    .hasSize(expected)
                    .allSatisfy(
                            reason ->
                                    assertThat(reason)
                                            .contains("claiming to be from alice")
                                            .contains("mallory"));
            assertThat(events.incoming()).isEmpty();
            assertThat(bobsClient.session.history("alice")).isEmpty();
            assertThat(bobsClient.session.history("mallory")).isEmpty();
            assertThat(bobsClient.session.conversations()).isEmpty();

            // Control: the same genuine bytes, sent by alice herself, open and are shown exactly
            // once.
            try (RawJms alicesClient =
                    RawJms.connect(
                            stack.url(LocalStack.other(bobsNode)),
                            "alice",
                            alice.token(stack.authUri()))) {
                alicesClient.send("parley.inbox.bob", genuine, genuineHeader.id());
            }
            Wait.until(
                    "bob to show alice's genuine message",
                    () -> events.incoming().size() >= 1 && stack.drained("bob"));
            assertThat(bobsClient.session.history("alice"))
                    .extracting(StoredMessage::id, StoredMessage::text)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple(
                                    genuineHeader.id(), "hi bob, it's really alice"));
            assertThat(events.incoming()).hasSize(1);
            assertThat(events.rejections).hasSize(expected);
        }
    }

    private static void assertRefused(String url, String user, String token) {
        assertThatThrownBy(() -> RawJms.connect(url, user, token).close())
                .as("connection to %s as %s", url, user)
                .isInstanceOf(JMSSecurityException.class);
    }

    /** The token with its payload's subject replaced and the original signature kept. */
    private static String withSubject(String token, String subject) {
        int dot = token.indexOf('.');
        String payload = new String(Base64.getUrlDecoder().decode(token.substring(0, dot)), UTF_8);
        String changed = payload.replaceFirst("\"sub\":\"[^\"]*\"", "\"sub\":\"" + subject + "\"");
        assertThat(changed).isNotEqualTo(payload);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(changed.getBytes(UTF_8))
                + token.substring(dot);
    }

    /** Asks through the core API to create {@code queue}, and is refused for lack of permission. */
    private static void assertCannotCreateQueue(ClientSession session, QueueConfiguration queue) {
        assertThatThrownBy(() -> session.createQueue(queue))
                .as("queue %s on %s", queue.getName(), queue.getAddress())
                .isInstanceOf(ActiveMQSecurityException.class);
    }
}
