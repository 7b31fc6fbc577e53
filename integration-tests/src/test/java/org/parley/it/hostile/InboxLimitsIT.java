package org.parley.it.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.activemq.artemis.api.core.ActiveMQSecurityException;
import org.apache.activemq.artemis.api.core.client.ActiveMQClient;
import org.apache.activemq.artemis.api.core.client.ClientMessage;
import org.apache.activemq.artemis.api.core.client.ClientProducer;
import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.apache.activemq.artemis.api.core.client.ClientSessionFactory;
import org.apache.activemq.artemis.api.core.client.ServerLocator;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.parley.broker.BrokerNodeConfig;
import org.parley.client.StoredMessage;
import org.parley.model.BrokerRefusals;
import org.parley.model.Ids;
import org.parley.testing.Wait;
import org.parley.testing.stack.Account;
import org.parley.testing.stack.FourUsersOnAStack;
import org.parley.testing.stack.LocalStack;
import org.parley.testing.stack.RawJms;
import org.parley.testing.stack.TestAccount;
import org.parley.testing.stack.TestClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issue 22, attacks 4 and 6: an ordinary account with a raw Artemis client and its own real token
 * (from a real login) against the broker's inbox limits on a real two-node stack with the product's
 * defaults (decision 0012): a flood of non-persistent messages, a 500 MiB message (and a 16 MiB one
 * sent as a single frame), 3,000 connections with one token, and one sender filling another user's
 * inbox. Each is refused early, nothing refused is stored, and everyone else's messages still
 * arrive exactly once.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class InboxLimitsIT extends FourUsersOnAStack {
    private static final Logger log = LoggerFactory.getLogger(InboxLimitsIT.class);
    static final int NON_PERSISTENT_FLOOD = Integer.getInteger("parley.limits.flood", 120_000);
    static final long OVERSIZED_BYTES = 500L * 1024 * 1024;
    static final int CONNECTION_ATTEMPTS = 3_000;
    static final int SHARE_FLOOD = 5_000;
    static final String RAW_PARAMS =
            "?useTopologyForLoadBalancing=false&reconnectAttempts=0&initialConnectAttempts=1"
                    + "&callTimeout=30000";

    @TempDir static Path tmp;

    @Account static TestAccount mallory;
    @Account static TestAccount trudy;

    @Test
    void aNonPersistentFloodIsStoredNowhereAndTheVictimsInboxStaysOpenForOthers() throws Exception {
        String node = stack.url(0);
        String token = mallory.token(stack.authUri());
        long t0 = System.nanoTime();
        // Artemis' defaults for a non-persistent send: no answer awaited, as fast as the socket
        // takes them.
        try (ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(node + RAW_PARAMS);
                Connection connection = factory.createConnection("mallory", token)) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer =
                    session.createProducer(session.createQueue("parley.inbox.carol"));
            byte[] body = new byte[100];
            for (int i = 0; i < NON_PERSISTENT_FLOOD; i++) {
                BytesMessage m = session.createBytesMessage();
                m.writeBytes(body);
                producer.send(
                        m,
                        DeliveryMode.NON_PERSISTENT,
                        Message.DEFAULT_PRIORITY,
                        Message.DEFAULT_TIME_TO_LIVE);
            }
            session.close(); // answered only after the broker has handled every send before it
        }
        long floodMillis = (System.nanoTime() - t0) / 1_000_000;
        // One that waits for its answer is refused, and says why.
        Throwable refused;
        try (RawJms raw = RawJms.connect(node, "mallory", token);
                Session s = raw.session();
                MessageProducer p = s.createProducer(s.createQueue("parley.inbox.carol"))) {
            refused =
                    catchThrowable(
                            () ->
                                    p.send(
                                            RawJms.bytes(s, new byte[100], null),
                                            DeliveryMode.NON_PERSISTENT,
                                            Message.DEFAULT_PRIORITY,
                                            Message.DEFAULT_TIME_TO_LIVE));
        }
        long stored = stack.inboxCount(0, "carol") + stack.inboxCount(1, "carol");
        log.info(
                "INBOX LIMITS FIGURES (non-persistent flood): {} messages of 100 bytes sent in {} ms ({} /s), "
                        + "stored {}, a blocking one refused with: {}",
                NON_PERSISTENT_FLOOD,
                floodMillis,
                NON_PERSISTENT_FLOOD * 1000L / Math.max(1, floodMillis),
                stored,
                String.valueOf(refused));
        assertThat(refused)
                .isInstanceOf(JMSSecurityException.class)
                .hasMessageContaining(BrokerRefusals.NOT_PERSISTENT);
        assertThat(stored).as("non-persistent messages stored in carol's inbox").isZero();

        // carol's inbox is open for everyone else: alice's messages arrive, exactly once.
        List<String> sent = new ArrayList<>();
        try (TestClient alicesClient =
                TestClient.login(tmp.resolve("alice-np"), stack.authUri(), alice)) {
            for (int i = 0; i < 3; i++) {
                sent.add(
                        TestClient.await(
                                        alicesClient.session.sendText(
                                                "carol", "after the flood " + i))
                                .id());
            }
        }
        try (TestClient carolsClient =
                TestClient.login(tmp.resolve("carol-np"), stack.authUri(), carol)) {
            Wait.until(
                    "carol to receive alice's messages",
                    () ->
                            carolsClient.session.history("alice").size() >= 3
                                    && stack.drained("carol"));
            assertThat(carolsClient.session.history("alice"))
                    .extracting(StoredMessage::id)
                    .containsExactlyElementsOf(sent);
            assertThat(carolsClient.session.history("mallory")).isEmpty();
        }
    }

    @Test
    void aMessageAboveTheLimitIsRefusedWhileItStreamsAndNothingOfItIsKept() throws Exception {
        String node = stack.url(0);
        String token = mallory.token(stack.authUri());
        Path largeMessages = stack.node(0).config().dataDir().resolve("large-messages");
        long before = directoryBytes(largeMessages);
        AtomicLong peak = new AtomicLong();
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        sampler.scheduleAtFixedRate(
                () -> peak.accumulateAndGet(directoryBytes(largeMessages) - before, Math::max),
                0,
                20,
                TimeUnit.MILLISECONDS);

        long t0 = System.nanoTime();
        Throwable refused;
        try (RawJms raw = RawJms.connect(node, "mallory", token);
                Session s = raw.session();
                MessageProducer p = s.createProducer(s.createQueue("parley.inbox.dave"))) {
            BytesMessage m = s.createBytesMessage();
            m.setObjectProperty("JMS_AMQ_InputStream", new Zeros(OVERSIZED_BYTES));
            refused =
                    catchThrowable(
                            () ->
                                    p.send(
                                            m,
                                            DeliveryMode.PERSISTENT,
                                            Message.DEFAULT_PRIORITY,
                                            Message.DEFAULT_TIME_TO_LIVE));
        }
        long refusedMillis = (System.nanoTime() - t0) / 1_000_000;
        sampler.shutdown();
        assertThat(sampler.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        Wait.until(
                "the refused message's file to be deleted",
                () -> directoryBytes(largeMessages) <= before);

        // The same with one frame: a raw client that raises its large-message threshold.
        long t1 = System.nanoTime();
        Throwable frameRefused;
        try (ServerLocator locator =
                        ActiveMQClient.createServerLocator(node + RAW_PARAMS)
                                .setMinLargeMessageSize(32 * 1024 * 1024);
                ClientSessionFactory factory = locator.createSessionFactory()) {
            ClientSession session =
                    factory.createSession("mallory", token, false, true, true, false, 0);
            ClientProducer producer = session.createProducer("parley.inbox.dave");
            ClientMessage m = session.createMessage(true);
            m.getBodyBuffer().writeBytes(new byte[16 * 1024 * 1024]);
            frameRefused = catchThrowable(() -> producer.send(m));
        }
        long frameMillis = (System.nanoTime() - t1) / 1_000_000;

        log.info(
                "INBOX LIMITS FIGURES (oversized): a {} MiB streamed message refused after {} ms, at most {} bytes of "
                        + "it on the broker's disk (limit {}), with: {}; a 16 MiB single frame refused after {} ms with: {}",
                OVERSIZED_BYTES >> 20,
                refusedMillis,
                peak.get(),
                BrokerNodeConfig.DEFAULT_INBOX_MESSAGE_MAX_BYTES,
                String.valueOf(refused),
                frameMillis,
                String.valueOf(frameRefused));
        assertThat(refused)
                .isInstanceOf(JMSException.class)
                .hasMessageContaining(BrokerRefusals.TOO_LARGE);
        assertThat(peak.get())
                .as("bytes of the refused message on the broker's disk")
                .isLessThan(BrokerNodeConfig.DEFAULT_INBOX_MESSAGE_MAX_BYTES + 4L * 1024 * 1024);
        assertThat(frameRefused).as("a 16 MiB frame").isNotNull();
        assertThat(stack.inboxCount(0, "dave") + stack.inboxCount(1, "dave")).isZero();

        // dave's inbox still takes ordinary messages.
        try (RawJms raw = RawJms.connect(node, "mallory", token)) {
            raw.send(
                    "parley.inbox.dave",
                    new byte[200 * 1024],
                    Ids.newId()); // large, within the limit
        }
        assertThat(stack.inboxCount(0, "dave")).isEqualTo(1);
    }

    @Test
    void threeThousandConnectionsWithOneTokenGetNoMoreThanTheLimitAndTheOwnerStillGetsInAfterwards()
            throws Exception {
        String node = stack.url(0);
        String token = trudy.token(stack.authUri());
        int limit = BrokerNodeConfig.DEFAULT_MAX_CONNECTIONS_PER_USER;
        int baseline = stack.node(0).connectionCount();
        List<ClientSessionFactory> held = new ArrayList<>();
        List<ClientSessionFactory> refusedFactories = new ArrayList<>();
        int refused = 0;
        int peak = 0;
        long slowestRefusalNanos = 0;
        long t0 = System.nanoTime();
        try (ServerLocator locator = ActiveMQClient.createServerLocator(node + RAW_PARAMS)) {
            try {
                for (int i = 0; i < CONNECTION_ATTEMPTS; i++) {
                    long a = System.nanoTime();
                    ClientSessionFactory factory = locator.createSessionFactory();
                    try {
                        factory.createSession("trudy", token, false, true, true, false, 0);
                        held.add(factory);
                    } catch (ActiveMQSecurityException e) {
                        assertThat(e).hasMessageContaining(BrokerRefusals.TOO_MANY_CONNECTIONS);
                        refused++;
                        slowestRefusalNanos = Math.max(slowestRefusalNanos, System.nanoTime() - a);
                        refusedFactories.add(factory); // left open: the broker has to close it
                    }
                    if (i % 50 == 0) {
                        peak = Math.max(peak, stack.node(0).connectionCount() - baseline);
                    }
                }
                long floodMillis = (System.nanoTime() - t0) / 1_000_000;

                // Another user is not affected while trudy holds her connections.
                try (RawJms other = RawJms.connect(node, "carol", carol.token(stack.authUri()))) {
                    assertThat(other.connection).isNotNull();
                }
                Wait.until(
                        "the broker to close the refused connections",
                        () -> stack.node(0).connectionCount() - baseline <= limit);
                log.info(
                        "INBOX LIMITS FIGURES (connections): {} attempts with one token in {} ms, {} held, {} refused "
                                + "(slowest refusal {} ms), at most {} broker connections above the baseline during the flood, "
                                + "{} after the broker closed the refused ones",
                        CONNECTION_ATTEMPTS,
                        floodMillis,
                        held.size(),
                        refused,
                        slowestRefusalNanos / 1_000_000,
                        peak,
                        stack.node(0).connectionCount() - baseline);
                assertThat(held).hasSize(limit);
                assertThat(refused).isEqualTo(CONNECTION_ATTEMPTS - limit);
                assertThat(peak)
                        .as("broker connections above the baseline during the flood")
                        .isLessThan(1_000);
            } finally {
                held.forEach(ClientSessionFactory::close);
                refusedFactories.forEach(ClientSessionFactory::close);
            }
        }
        // trudy's own client gets in once those connections are gone.
        Wait.until("trudy's connections to go", () -> stack.node(0).connectionCount() <= baseline);
        try (TestClient own = stack.login(trudy)) {
            Wait.until("trudy's own client to connect", () -> own.broker() != null);
        }
    }

    @Test
    void aSenderPastItsShareOfAnInboxIsRefusedWhileAnotherSendersMessagesArriveExactlyOnce()
            throws Exception {
        String node = stack.url(0);
        long share = BrokerNodeConfig.DEFAULT_INBOX_SENDER_SHARE_MESSAGES;
        int accepted = 0;
        int refused = 0;
        int firstRefusal = -1;
        JMSException refusal = null;
        long t0 = System.nanoTime();
        try (RawJms raw = RawJms.connect(node, "mallory", mallory.token(stack.authUri()));
                Session s = raw.session();
                MessageProducer p = s.createProducer(s.createQueue("parley.inbox.bob"))) {
            for (int i = 0; i < SHARE_FLOOD; i++) {
                try {
                    p.send(
                            RawJms.bytes(
                                    s,
                                    ("junk " + i)
                                            .getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                                    Ids.newId()),
                            DeliveryMode.PERSISTENT,
                            Message.DEFAULT_PRIORITY,
                            Message.DEFAULT_TIME_TO_LIVE);
                    accepted++;
                } catch (JMSException e) {
                    refused++;
                    if (refusal == null) {
                        refusal = e;
                        firstRefusal = i;
                    }
                }
            }
        }
        long floodMillis = (System.nanoTime() - t0) / 1_000_000;
        long waiting = stack.node(0).waitingFrom("bob", "mallory");

        // alice writes to bob after the flood, through client-core.
        List<String> sent = new ArrayList<>();
        try (TestClient alicesClient =
                TestClient.login(tmp.resolve("alice-share"), stack.authUri(), alice)) {
            for (int i = 0; i < 10; i++) {
                sent.add(
                        TestClient.await(alicesClient.session.sendText("bob", "from alice " + i))
                                .id());
            }
        }
        log.info(
                "INBOX LIMITS FIGURES (sender share): mallory sent {} in {} ms: {} accepted, {} refused from send #{} "
                        + "with: {}; counted waiting from mallory {}, bob's inbox {} + {}",
                SHARE_FLOOD,
                floodMillis,
                accepted,
                refused,
                firstRefusal,
                refusal == null ? null : refusal.getMessage(),
                waiting,
                stack.inboxCount(0, "bob"),
                stack.inboxCount(1, "bob"));
        assertThat(accepted).as("mallory's messages accepted into bob's inbox").isEqualTo(share);
        assertThat(refused).isEqualTo(SHARE_FLOOD - share);
        assertThat(refusal).hasMessageContaining(BrokerRefusals.SENDER_SHARE_FULL);
        assertThat(waiting).isEqualTo(share);

        long t1 = System.nanoTime();
        try (TestClient bobsClient =
                TestClient.login(tmp.resolve("bob-share"), stack.authUri(), bob)) {
            Wait.until(
                    "bob's client to handle his inbox",
                    () -> bobsClient.session.history("alice").size() >= 10 && stack.drained("bob"));
            assertThat(bobsClient.session.history("alice"))
                    .extracting(StoredMessage::id)
                    .containsExactlyElementsOf(sent);
            assertThat(bobsClient.session.history("mallory")).isEmpty();
            log.info(
                    "bob (on {}) handled his inbox in {} ms",
                    bobsClient.broker(),
                    (System.nanoTime() - t1) / 1_000_000);
            for (int n = 0; n < LocalStack.NODES; n++) {
                int i = n;
                Wait.until(
                        "node " + n + " to count nothing waiting for bob",
                        () ->
                                stack.node(i).waitingFrom("bob", "mallory") == 0
                                        && stack.node(i).waitingFrom("bob", "alice") == 0);
            }
            // With her messages read, mallory may write to bob again.
            try (RawJms raw = RawJms.connect(node, "mallory", mallory.token(stack.authUri()))) {
                raw.send(
                        "parley.inbox.bob",
                        "read me".getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                        Ids.newId());
            }
        }
    }

    private static long directoryBytes(Path dir) {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.mapToLong(
                            f -> {
                                try {
                                    return Files.size(f);
                                } catch (IOException e) {
                                    return 0; // deleted while listed
                                }
                            })
                    .sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code size} zero bytes, generated as they are read. */
    private static final class Zeros extends InputStream {
        private long left;

        Zeros(long size) {
            left = size;
        }

        @Override
        public int read() {
            if (left <= 0) {
                return -1;
            }
            left--;
            return 0;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (left <= 0) {
                return -1;
            }
            int n = (int) Math.min(len, left);
            java.util.Arrays.fill(b, off, off + n, (byte) 0);
            left -= n;
            return n;
        }
    }
}
