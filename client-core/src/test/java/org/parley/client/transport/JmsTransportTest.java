package org.parley.client.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.parley.broker.BrokerNode;
import org.parley.client.ConnectionState;
import org.parley.client.exceptions.ParleyException;
import org.parley.model.Ids;
import org.parley.testing.Wait;

/** The JMS transport against real embedded Artemis nodes with token authentication. */
class JmsTransportTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir Path tmp;

    @RegisterExtension final BrokerFixture brokers = new BrokerFixture();

    private JmsTransport transport(String user, String... urls) {
        return brokers.closing(
                BrokerFixture.transport(brokers.credentials(user), 64, List.of(urls)));
    }

    /** A transport to one node, as {@code user}, with the tokens {@code tokens} makes. */
    private JmsTransport transport(String user, Function<Boolean, String> tokens, String url) {
        return brokers.closing(
                BrokerFixture.transport(BrokerFixture.credentials(user, tokens), 8, List.of(url)));
    }

    /** Collects everything delivered to it. */
    private static final class Inbox implements InboundHandler, TransportListener {
        final List<InboundMessage> received = new CopyOnWriteArrayList<>();
        final List<ConnectionState> states = new CopyOnWriteArrayList<>();
        final List<String> presence = new CopyOnWriteArrayList<>();

        @Override
        public void onBatch(List<InboundMessage> batch) {
            received.addAll(batch);
        }

        @Override
        public void onConnectionState(ConnectionState state) {
            states.add(state);
        }

        @Override
        public void onPresence(String user, boolean online) {
            presence.add(user + "=" + online);
        }

        List<String> bodies() {
            return received.stream()
                    .map(m -> new String(m.body(), StandardCharsets.UTF_8))
                    .toList();
        }
    }

    /** Starting {@code t} fails with a {@link ParleyException} that says {@code why}. */
    private static void assertStartFails(JmsTransport t, String why) {
        assertThatThrownBy(() -> t.start(batch -> {}, null))
                .isInstanceOf(ParleyException.class)
                .hasMessageContaining(why);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void sentEnvelopeSurvivesBrokerRestartAndCarriesValidatedSender() throws Exception {
        BrokerNode node = brokers.start("n1", tmp.resolve("n1"));
        JmsTransport alice = transport("alice", node.url());
        alice.start(batch -> {}, null);
        alice.send("bob", Ids.newId(), bytes("persistent hello"));
        alice.close();

        BrokerNode again = brokers.restart(node);
        Inbox inbox = new Inbox();
        transport("bob", again.url()).start(inbox, inbox);

        Wait.until(WAIT, "delivery", () -> inbox.received.size() == 1);
        assertThat(inbox.bodies()).containsExactly("persistent hello");
        assertThat(inbox.received.get(0).validatedUser()).isEqualTo("alice");
    }

    @Test
    void retriedSendWithSameIdIsDeliveredOnce() throws Exception {
        BrokerNode node = brokers.start("n1", tmp.resolve("n1"));
        Inbox inbox = new Inbox();
        transport("bob", node.url()).start(inbox, inbox);
        JmsTransport alice = transport("alice", node.url());
        alice.start(batch -> {}, null);

        String id = Ids.newId();
        alice.send("bob", id, bytes("first try"));
        alice.send("bob", id, bytes("first try"));
        alice.send("bob", Ids.newId(), bytes("next"));

        Wait.until(WAIT, "the later message", () -> inbox.bodies().contains("next"));
        assertThat(inbox.bodies()).containsExactly("first try", "next");
    }

    /**
     * The sender keeps the inbox destination it sent to (no broker look-up per send); when the
     * recipient's inbox was removed meanwhile (what InboxReaper does to an idle empty one), the
     * next send through the kept destination must still land in a recreated inbox, not vanish
     * unrouted.
     */
    @Test
    void sendToAnInboxRemovedSinceTheLastSendRecreatesIt() throws Exception {
        BrokerNode node = brokers.start("n1", tmp.resolve("n1"));
        JmsTransport alice = transport("alice", node.url());
        alice.start(batch -> {}, null);
        Inbox inbox = new Inbox();
        JmsTransport bob = transport("bob", node.url());
        bob.start(inbox, inbox);
        alice.send("bob", Ids.newId(), bytes("before"));
        Wait.until(WAIT, "the first message", () -> inbox.received.size() == 1);
        bob.close();

        org.apache.activemq.artemis.api.core.SimpleString queue =
                org.apache.activemq.artemis.api.core.SimpleString.of("parley.inbox.bob");
        Wait.until(
                WAIT,
                "bob's consumer gone",
                () -> node.server().locateQueue(queue).getConsumerCount() == 0);
        node.server().destroyQueue(queue, null, true, false, false);
        node.server().removeAddressInfo(queue, null);
        assertThat(node.server().locateQueue(queue)).isNull();

        alice.send("bob", Ids.newId(), bytes("after"));
        assertThat(node.server().locateQueue(queue)).isNotNull();
        Inbox again = new Inbox();
        transport("bob", node.url()).start(again, again);
        Wait.until(
                WAIT,
                "the message sent after the inbox was removed",
                () -> again.received.size() == 1);
        assertThat(again.bodies()).containsExactly("after");
    }

    @Test
    void batchIsRedeliveredWhenHandlerFails() throws Exception {
        BrokerNode node = brokers.start("n1", tmp.resolve("n1"));
        AtomicInteger calls = new AtomicInteger();
        Inbox inbox = new Inbox();
        transport("bob", node.url())
                .start(
                        batch -> {
                            if (calls.incrementAndGet() == 1) {
                                throw new IllegalStateException("disk full");
                            }
                            inbox.onBatch(batch);
                        },
                        inbox);
        JmsTransport alice = transport("alice", node.url());
        alice.start(batch -> {}, null);
        alice.send("bob", Ids.newId(), bytes("try again"));

        Wait.until(WAIT, "redelivery", () -> inbox.received.size() == 1);
        assertThat(calls.get()).isGreaterThanOrEqualTo(2);
        assertThat(inbox.bodies()).containsExactly("try again");
    }

    /**
     * A message whose handling always fails (here with an Error, which must not end the inbox
     * reader either) is redelivered alone and, after the node's max-delivery-attempts (5), lands in
     * {@code parley.dlq}; the good messages that shared its first batch are handled exactly once
     * and the inbox keeps flowing.
     */
    @Test
    void aPoisonMessageIsDeadLetteredAloneWhileItsBatchAndLaterMessagesArriveOnce()
            throws Exception {
        BrokerNode node = brokers.start("n1", tmp.resolve("n1"));
        JmsTransport alice = transport("alice", node.url());
        alice.start(batch -> {}, null);
        for (int i = 0; i < 10; i++) {
            alice.send("bob", Ids.newId(), bytes(i == 4 ? "poison" : "good " + i));
        }
        AtomicInteger poisonAttempts = new AtomicInteger();
        Inbox inbox = new Inbox();
        transport("bob", node.url())
                .start(
                        batch -> {
                            if (batch.stream()
                                    .anyMatch(
                                            m ->
                                                    new String(m.body(), StandardCharsets.UTF_8)
                                                            .equals("poison"))) {
                                poisonAttempts.incrementAndGet();
                                throw new StackOverflowError(
                                        "simulated failure while handling the poison message");
                            }
                            inbox.onBatch(batch);
                        },
                        inbox);

        try {
            Wait.until(
                    WAIT,
                    "the poison message in the dead-letter queue",
                    () -> queueCount(node, "parley.dlq") == 1);
        } catch (AssertionError e) {
            throw new AssertionError(
                    e.getMessage()
                            + ": dlq "
                            + queueCount(node, "parley.dlq")
                            + ", inbox "
                            + queueCount(node, "parley.inbox.bob")
                            + ", received "
                            + inbox.bodies()
                            + ", attempts "
                            + poisonAttempts,
                    e);
        }
        alice.send("bob", Ids.newId(), bytes("after the poison"));
        Wait.until(
                WAIT,
                "the message after the poison",
                () -> inbox.bodies().contains("after the poison"));
        assertThat(inbox.bodies())
                .containsExactly(
                        "good 0",
                        "good 1",
                        "good 2",
                        "good 3",
                        "good 5",
                        "good 6",
                        "good 7",
                        "good 8",
                        "good 9",
                        "after the poison");
        // Five deliveries: the first tried it in its batch and then alone, the other four alone.
        assertThat(poisonAttempts.get()).isEqualTo(6);
        Wait.until(
                WAIT,
                "every acknowledgement to reach the broker",
                () -> queueCount(node, "parley.inbox.bob") == 0);
        assertThat(queueCount(node, "parley.dlq")).isEqualTo(1);
    }

    private static long queueCount(BrokerNode node, String queue) {
        var q =
                node.server()
                        .locateQueue(org.apache.activemq.artemis.api.core.SimpleString.of(queue));
        return q == null ? -1 : q.getMessageCount();
    }

    @Test
    void messageNotStoredBeforeSessionDiesIsRedelivered() throws Exception {
        BrokerNode node = brokers.start("n1", tmp.resolve("n1"));
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        JmsTransport first = transport("bob", node.url());
        first.start(
                batch -> {
                    entered.countDown();
                    release.await();
                    throw new IllegalStateException("crashed before anything was stored");
                },
                null);
        JmsTransport alice = transport("alice", node.url());
        alice.start(batch -> {}, null);
        alice.send("bob", Ids.newId(), bytes("do not lose me"));

        assertThat(entered.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        Thread closer = new Thread(first::close);
        closer.start();
        Wait.until(WAIT, "the connection to close", () -> first.currentBroker() == null);
        release.countDown();
        closer.join(WAIT.toMillis());

        Inbox inbox = new Inbox();
        transport("bob", node.url()).start(inbox, inbox);
        Wait.until(WAIT, "redelivery", () -> inbox.received.size() == 1);
        assertThat(inbox.bodies()).containsExactly("do not lose me");
    }

    @Test
    void failsOverToNextNodeWhenConnectedNodeStops() throws Exception {
        BrokerNode n1 = brokers.start("n1", tmp.resolve("n1"));
        BrokerNode n2 = brokers.start("n2", tmp.resolve("n2"));
        Inbox inbox = new Inbox();
        JmsTransport bob = transport("bob", n1.url(), n2.url());
        bob.start(inbox, inbox);
        assertThat(bob.currentBroker()).isEqualTo(n1.url());

        n1.stop();
        Wait.until(
                WAIT,
                "reconnect to n2",
                () ->
                        n2.url().equals(bob.currentBroker())
                                && bob.state() == ConnectionState.CONNECTED);
        assertThat(inbox.states)
                .containsSubsequence(ConnectionState.RECONNECTING, ConnectionState.CONNECTED);

        JmsTransport alice = transport("alice", n2.url());
        alice.start(batch -> {}, null);
        alice.send("bob", Ids.newId(), bytes("after failover"));
        Wait.until(WAIT, "delivery on n2", () -> inbox.received.size() == 1);
        assertThat(inbox.bodies()).containsExactly("after failover");
    }

    @Test
    void sendWhileDisconnectedFailsAsRetryable() throws Exception {
        BrokerNode n1 = brokers.start("n1", tmp.resolve("n1"));
        JmsTransport alice = transport("alice", n1.url());
        alice.start(batch -> {}, null);
        n1.stop();
        Wait.until(
                WAIT, "the loss to be noticed", () -> alice.state() != ConnectionState.CONNECTED);
        assertThatThrownBy(() -> alice.send("bob", Ids.newId(), bytes("x")))
                .isInstanceOfSatisfying(
                        TransportException.class, e -> assertThat(e.retryable()).isTrue());
    }

    @Test
    void brokerRefusingTheTokenFailsStartClearly() throws Exception {
        BrokerNode node = brokers.start("n1", tmp.resolve("n1"));
        // mallory presents someone else's token
        assertStartFails(
                transport("mallory", renew -> brokers.token("alice"), node.url()), "refused");
    }

    @Test
    void expiredTokenIsRenewedWhenTheBrokerRefusesIt() throws Exception {
        BrokerNode node = brokers.start("n1", tmp.resolve("n1"));
        AtomicInteger renewals = new AtomicInteger();
        JmsTransport t =
                transport(
                        "alice",
                        renew -> {
                            if (renew) {
                                renewals.incrementAndGet();
                                return brokers.token("alice");
                            }
                            return brokers.expiredToken("alice");
                        },
                        node.url());
        t.start(batch -> {}, null);
        assertThat(t.state()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(renewals.get()).isEqualTo(1);
    }

    @Test
    void unreachableBrokersFailStartClearly() throws Exception {
        int port = BrokerFixture.freePort();
        assertStartFails(transport("alice", "tcp://127.0.0.1:" + port), "not reachable");
    }

    @Test
    void presenceFollowsTheContactsInboxConsumer() throws Exception {
        BrokerNode node = brokers.start("n1", tmp.resolve("n1"));
        Inbox bobEvents = new Inbox();
        JmsTransport bob = transport("bob", node.url());
        bob.start(bobEvents, bobEvents);
        bob.subscribePresence("alice");

        JmsTransport alice = transport("alice", node.url());
        alice.start(batch -> {}, null);
        Wait.until(WAIT, "alice online", () -> bobEvents.presence.contains("alice=true"));
        alice.close();
        Wait.until(WAIT, "alice offline", () -> bobEvents.presence.contains("alice=false"));
    }
}
