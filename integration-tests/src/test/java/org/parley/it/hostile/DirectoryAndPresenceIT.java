package org.parley.it.hostile;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.apache.activemq.artemis.core.postoffice.impl.LocalQueueBinding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.parley.broker.BrokerNodeConfig;
import org.parley.model.Addresses;
import org.parley.model.Ids;
import org.parley.model.LoginResponse;
import org.parley.testing.Wait;
import org.parley.testing.stack.Account;
import org.parley.testing.stack.LocalStack;
import org.parley.testing.stack.RawCore;
import org.parley.testing.stack.RawJms;
import org.parley.testing.stack.TestAccount;
import org.parley.testing.stack.TestClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A hostile account (mallory) with a real token from a real login, on a real two-node stack, using
 * only a raw Artemis core or Jakarta JMS client (issue 22, attack list 6):
 *
 * <ul>
 *   <li>sends to 2,000 names that are not accounts: every send is refused, no inbox appears;
 *   <li>queue queries on bob's inbox: the answer has no depth and no consumer count (bob's own
 *       query still has both);
 *   <li>a subscription to bob's presence: refused for mallory, allowed for alice whom bob lists as
 *       a viewer (and she sees him come and go), closed again once bob takes her off the list;
 *   <li>a hundred connections on one node: the next users' logins are placed as without them.
 * </ul>
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class DirectoryAndPresenceIT {
    private static final Logger log = LoggerFactory.getLogger(DirectoryAndPresenceIT.class);
    static final int GHOSTS = Integer.getInteger("parley.hostile.ghosts", 2000);

    @RegisterExtension static final LocalStack stack = LocalStack.perClass();
    @Account static TestAccount alice;
    @Account static TestAccount bob;
    @Account static TestAccount mallory;

    @Test
    void sendsToNamesThatAreNotAccountsAreRefusedAndCreateNoInbox() throws Exception {
        String token = mallory.token(stack.authUri());
        int refused = 0;
        List<String> accepted = new ArrayList<>();
        long t0 = System.nanoTime();
        try (RawJms raw = RawJms.connect(stack.url(0), "mallory", token);
                Session session = raw.session();
                MessageProducer producer = session.createProducer(null)) {
            for (int i = 0; i < GHOSTS; i++) {
                String ghost = String.format("ghost%04d", i);
                try {
                    producer.send(
                            session.createQueue(Addresses.inbox(ghost)),
                            RawJms.bytes(session, "into the void".getBytes(UTF_8), Ids.newId()),
                            DeliveryMode.PERSISTENT,
                            Message.DEFAULT_PRIORITY,
                            Message.DEFAULT_TIME_TO_LIVE);
                    accepted.add(ghost);
                } catch (JMSSecurityException e) {
                    refused++;
                }
            }
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            log.info(
                    "{} sends to non-accounts: {} refused, {} accepted in {} ms",
                    GHOSTS,
                    refused,
                    accepted.size(),
                    millis);

            // The same connection still reaches a real account.
            producer.send(
                    session.createQueue(Addresses.inbox("alice")),
                    RawJms.bytes(session, "hello alice".getBytes(UTF_8), Ids.newId()),
                    DeliveryMode.PERSISTENT,
                    Message.DEFAULT_PRIORITY,
                    Message.DEFAULT_TIME_TO_LIVE);
        }
        assertThat(accepted)
                .as("sends to names that are not accounts that were accepted")
                .isEmpty();
        assertThat(refused).isEqualTo(GHOSTS);
        for (int node = 0; node < LocalStack.NODES; node++) {
            var server = stack.node(node).server();
            assertThat(
                            server.getPostOffice().getAddresses().stream()
                                    .map(SimpleString::toString)
                                    .filter(a -> a.startsWith(Addresses.INBOX_PREFIX + "ghost"))
                                    .toList())
                    .as("ghost inbox addresses on node %d", node)
                    .isEmpty();
            assertThat(
                            server.getPostOffice()
                                    .getAllBindings()
                                    .filter(b -> b instanceof LocalQueueBinding)
                                    .map(b -> b.getUniqueName().toString())
                                    .filter(q -> q.startsWith(Addresses.INBOX_PREFIX + "ghost"))
                                    .toList())
                    .as("ghost inbox queues on node %d", node)
                    .isEmpty();
        }
        Wait.until("alice's message to wait in her inbox", () -> stack.inboxCount(0, "alice") >= 1);
    }

    @Test
    void aQueueQueryOnAnotherUsersInboxRevealsNeitherDepthNorConsumers() throws Exception {
        String alicesToken = alice.token(stack.authUri());
        try (RawJms sender = RawJms.connect(stack.url(0), "alice", alicesToken)) {
            for (int i = 0; i < 3; i++) {
                sender.send(Addresses.inbox("bob"), ("for bob " + i).getBytes(UTF_8), Ids.newId());
            }
        }
        SimpleString bobsInbox = SimpleString.of(Addresses.inbox("bob"));
        try (RawCore bobs = RawCore.connect(stack.url(0), "bob", bob.token(stack.authUri()));
                RawCore mallorys =
                        RawCore.connect(stack.url(0), "mallory", mallory.token(stack.authUri()))) {
            // Bob is online on node 0: a consumer on his inbox, not started, so the 3 messages
            // stay.
            bobs.session().stop();
            assertThat(bobs.session().createConsumer(bobsInbox)).isNotNull();
            ClientSession.QueueQuery own = bobs.session().queueQuery(bobsInbox);
            assertThat(own.getMessageCount()).as("bob's own query: his depth").isEqualTo(3);
            assertThat(own.getConsumerCount()).as("bob's own query: his consumer").isEqualTo(1);

            ClientSession.QueueQuery spied = mallorys.session().queueQuery(bobsInbox);
            assertThat(spied.getMessageCount()).as("mallory's query: bob's depth").isZero();
            assertThat(spied.getConsumerCount())
                    .as("mallory's query: whether bob is online")
                    .isZero();
            ClientSession.AddressQuery address = mallorys.session().addressQuery(bobsInbox);
            assertThat(address.getQueueNames())
                    .as("the address query names only the inbox queue itself")
                    .containsExactly(bobsInbox);

            // What the JMS client asks before a send still lets a send through (client-core's
            // path).
            try (RawJms mallorysJms =
                    RawJms.connect(stack.url(0), "mallory", mallory.token(stack.authUri()))) {
                mallorysJms.send(Addresses.inbox("bob"), "hi bob".getBytes(UTF_8), Ids.newId());
            }
            assertThat(bobs.session().queueQuery(bobsInbox).getMessageCount()).isEqualTo(4);
        }
    }

    @Test
    void aStrangerCannotFollowPresenceButAPermittedContactCanUntilRevoked() throws Exception {
        String bobsToken = bob.token(stack.authUri());
        // Nobody is permitted before bob says so: not even a future contact.
        assertMalloryCannotFollowBob(0, "mallory's subscription to bob's presence");
        assertThat(presenceSubscriptions("bob"))
                .as("subscription queues on bob's presence")
                .isZero();

        assertThat(putViewers(bobsToken, "[\"alice\"]")).isEqualTo(200);
        assertMalloryCannotFollowBob(1, "mallory, still not on bob's list");

        List<String> seen = new CopyOnWriteArrayList<>();
        try (RawJms alices = RawJms.connect(stack.url(0), "alice", alice.token(stack.authUri()))) {
            Session session = alices.session();
            // Bob's list may be cached as empty by this node for a moment: retry like client-core
            // does.
            MessageConsumer presence =
                    Wait.until(
                            Duration.ofSeconds(60),
                            "alice's subscription to bob's presence",
                            () -> {
                                try {
                                    return session.createConsumer(
                                            session.createTopic(Addresses.presence("bob")));
                                } catch (JMSException e) {
                                    return null;
                                }
                            },
                            Objects::nonNull);
            presence.setMessageListener(
                    m -> {
                        try {
                            seen.add(
                                    m.getStringProperty("user")
                                            + "="
                                            + m.getBooleanProperty("online"));
                        } catch (JMSException e) {
                            seen.add("malformed");
                        }
                    });
            try (RawJms bobOnline = RawJms.connect(stack.url(0), "bob", bobsToken);
                    Session bs = bobOnline.session()) {
                bs.createConsumer(bs.createQueue(Addresses.inbox("bob")));
                Wait.until("alice to see bob online", () -> seen.contains("bob=true"));
            }
            Wait.until("alice to see bob offline", () -> seen.contains("bob=false"));

            // Bob no longer talks to alice: her subscription goes within the cache time plus the
            // sweep.
            assertThat(putViewers(bobsToken, "[]")).isEqualTo(200);
            long t0 = System.nanoTime();
            Wait.until(
                    Duration.ofSeconds(90),
                    "alice's subscription to be closed after bob revoked it",
                    () -> presenceSubscriptions("bob") == 0);
            log.info(
                    "Revoked presence subscription closed after {} ms",
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
            seen.clear();
            try (RawJms bobOnline = RawJms.connect(stack.url(0), "bob", bobsToken);
                    Session bs = bobOnline.session()) {
                bs.createConsumer(bs.createQueue(Addresses.inbox("bob")));
                Wait.until(
                        "bob's presence to be published",
                        () -> stack.node(0).onlineUsers().contains("bob"));
            }
        }
        assertThat(seen).as("what alice saw of bob after the revocation").isEmpty();
    }

    @Test
    void contactsSeeEachOthersPresenceThroughTheirClients() throws Exception {
        // carol and dave are new to each other: no lists yet, so neither may follow the other.
        TestAccount carol = TestAccount.create(stack.authUri(), "carol");
        TestAccount dave = TestAccount.create(stack.authUri(), "dave");
        try (TestClient carols = stack.login(carol)) {
            TestClient.await(carols.session.sendText("dave", "hi dave"));
            carols.session.subscribePresence(
                    "dave"); // as the desktop client does for a conversation
            try (TestClient daves = stack.login(dave)) {
                Wait.until(
                        "dave to receive carol's message",
                        () -> !daves.events.incoming().isEmpty());
                daves.session.subscribePresence("carol");
                // Each client now lists the other at the auth server; carol's refused subscription
                // is retried.
                long t0 = System.nanoTime();
                Wait.until(
                        Duration.ofSeconds(90),
                        "carol's client to follow dave's presence",
                        () -> presenceSubscriptions("dave") > 0);
                log.info(
                        "Contacts' presence subscription in place {} ms after the second login",
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
            }
            Wait.until(
                    "carol to see dave go offline",
                    () -> carols.events.presence.contains("dave=false"));
            try (TestClient daves = stack.login(dave)) {
                Wait.until(
                        "carol to see dave come back",
                        () -> carols.events.presence.contains("dave=true"));
            }
        }
    }

    @Test
    void aUsersConnectionsOnANodeDoNotSteerOtherUsersLogins() throws Exception {
        List<TestAccount> newcomers = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            newcomers.add(TestAccount.create(stack.authUri(), "newcomer" + i));
        }
        List<RawJms> open = new ArrayList<>();
        try {
            // One honest user online on each node, and mallory online on both: 2 users per node.
            open.add(online(stack.url(0), alice));
            open.add(online(stack.url(1), bob));
            String token = mallory.token(stack.authUri());
            for (int node = 0; node < LocalStack.NODES; node++) {
                RawJms c = RawJms.connect(stack.url(node), "mallory", token);
                open.add(c);
                Session s = c.session();
                s.createConsumer(s.createQueue(Addresses.inbox("mallory")));
            }
            Wait.until(
                    "2 users online on each node",
                    () ->
                            stack.node(0).onlineUsers().size() == 2
                                    && stack.node(1).onlineUsers().size() == 2);
            // Then as many more connections on node 0 as the per-user limit lets her have (decision
            // 0012), each consuming mallory's inbox: 10 against the honest users' 1 and 1.
            for (int i = 1; i < BrokerNodeConfig.DEFAULT_MAX_CONNECTIONS_PER_USER; i++) {
                RawJms c = RawJms.connect(stack.url(0), "mallory", token);
                open.add(c);
                Session s = c.session();
                s.createConsumer(s.createQueue(Addresses.inbox("mallory")));
            }
            log.info(
                    "Connections: node 0 {}, node 1 {}",
                    stack.node(0).connectionCount(),
                    stack.node(1).connectionCount());
            // A tie in users is broken by the username, as on an idle cluster: each newcomer goes
            // where its name sends it, not all to node 1.
            List<String> firstChoice = new ArrayList<>();
            List<String> expected = new ArrayList<>();
            for (TestAccount newcomer : newcomers) {
                LoginResponse login = newcomer.login(stack.authUri());
                firstChoice.add(login.brokers().get(0));
                expected.add(
                        stack.url(Math.floorMod(newcomer.username().hashCode(), LocalStack.NODES)));
            }
            log.info("First broker per newcomer: {} (expected {})", firstChoice, expected);
            assertThat(expected)
                    .as("the test's names spread over both nodes")
                    .contains(stack.url(0), stack.url(1));
            assertThat(firstChoice).as("where the newcomers are sent first").isEqualTo(expected);
        } finally {
            for (RawJms c : open) {
                try {
                    c.close();
                } catch (JMSException | RuntimeException e) {
                    // closing is best effort
                }
            }
        }
    }

    private static RawJms online(String url, TestAccount user) throws JMSException {
        RawJms c = RawJms.connect(url, user.username(), user.token(stack.authUri()));
        Session s = c.session();
        s.createConsumer(s.createQueue(Addresses.inbox(user.username())));
        return c;
    }

    /** Subscription queues on {@code owner}'s presence address, on every node. */
    private static long presenceSubscriptions(String owner) {
        long n = 0;
        for (int node = 0; node < LocalStack.NODES; node++) {
            n +=
                    stack.node(node)
                            .server()
                            .getPostOffice()
                            .getAllBindings()
                            .filter(b -> b instanceof LocalQueueBinding)
                            .filter(
                                    b ->
                                            b.getAddress()
                                                    .toString()
                                                    .equals(Addresses.presence(owner)))
                            .count();
        }
        return n;
    }

    private static int putViewers(String token, String viewersJson) throws Exception {
        HttpResponse<String> response =
                HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(
                                                stack.authUri().resolve("/api/v1/presence/viewers"))
                                        .header("Authorization", "Bearer " + token)
                                        .header("Content-Type", "application/json")
                                        .PUT(
                                                HttpRequest.BodyPublishers.ofString(
                                                        "{\"viewers\":" + viewersJson + "}"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
        return response.statusCode();
    }

    /** Mallory's subscription to bob's presence on {@code node} is refused. */
    private static void assertMalloryCannotFollowBob(int node, String why) throws Exception {
        try (RawJms mallorys =
                        RawJms.connect(stack.url(node), "mallory", mallory.token(stack.authUri()));
                Session session = mallorys.session()) {
            Throwable refused =
                    catchThrowable(
                            () ->
                                    session.createConsumer(
                                            session.createTopic(Addresses.presence("bob"))));
            assertThat(refused).as(why).isInstanceOf(JMSSecurityException.class);
        }
    }
}
