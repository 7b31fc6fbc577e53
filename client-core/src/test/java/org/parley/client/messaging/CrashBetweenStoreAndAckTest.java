package org.parley.client.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.broker.BrokerNode;
import org.parley.client.StoredMessage;
import org.parley.client.envelopes.ContentTypes;
import org.parley.client.exceptions.UnknownUserException;
import org.parley.client.store.ProfileStore;
import org.parley.client.testing.RecordingListener;
import org.parley.client.transport.BrokerFixture;
import org.parley.client.transport.InboundHandler;
import org.parley.client.transport.JmsTransport;
import org.parley.client.transport.TransportListener;
import org.parley.crypto.EnvelopeCrypto;
import org.parley.crypto.IdentityKeyPair;
import org.parley.model.EnvelopeHeader;
import org.parley.model.Json;
import org.parley.model.PublicKeys;
import org.parley.testing.Wait;

/**
 * A client that dies after its profile stored a batch but before the broker heard the
 * acknowledgement loses nothing and shows nothing twice; one that dies before storing loses nothing
 * either. Real embedded Artemis, real JmsTransport, real ProfileStore (group commit); the crash is
 * taken as the profile file as it is on disk at that moment (a copy) while the JMS connection is
 * closed without acknowledging.
 */
class CrashBetweenStoreAndAckTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int MESSAGES = 40;

    @TempDir Path tmp;

    private final BrokerFixture brokers = new BrokerFixture();
    private final IdentityKeyPair alice = IdentityKeyPair.generate(RANDOM);
    private final IdentityKeyPair bob = IdentityKeyPair.generate(RANDOM);
    private final Map<String, PublicKeys> directory =
            new ConcurrentHashMap<>(Map.of("alice", alice.publicKeys(), "bob", bob.publicKeys()));
    private final byte[] bobStoreKey = new byte[32];
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            try {
                open.get(i).close();
            } catch (RuntimeException ignored) {
                // best effort
            }
        }
        brokers.close();
    }

    private JmsTransport transport(String user, String url) {
        JmsTransport t = BrokerFixture.transport(brokers.credentials(user), 256, List.of(url));
        open.add(t);
        return t;
    }

    /** Alice puts {@code MESSAGES} sealed texts into bob's inbox through the real transport. */
    private void aliceSends(String url) throws Exception {
        JmsTransport t = transport("alice", url);
        t.start(batch -> {}, new TransportListener() {});
        EnvelopeCrypto crypto = new EnvelopeCrypto("alice", alice);
        for (int i = 0; i < MESSAGES; i++) {
            EnvelopeHeader h = EnvelopeHeader.direct("alice", "bob", 1_000 + i, ContentTypes.TEXT);
            byte[] env =
                    crypto.sealDirect(
                                    h,
                                    Json.write(new MessageService.TextBody("m" + i))
                                            .getBytes(StandardCharsets.UTF_8),
                                    bob.publicKeys())
                            .toBytes();
            t.send("bob", h.id(), env);
        }
        t.close();
    }

    /** Bob's receive side over a profile in {@code dir}. */
    private final class Bob implements AutoCloseable {
        final ProfileStore store;
        final RecordingListener events = new RecordingListener();
        final FakeTransport outgoing = new FakeTransport();
        final MessagingServices services;
        final MessageService messages;

        Bob(Path dir) {
            store = ProfileStore.open(dir, bobStoreKey, "bob", Clock.systemUTC());
            services =
                    new MessagingServices(
                            "bob", bob, store, outgoing, events, this::lookup, Clock.systemUTC());
            messages = services.messages;
            open.add(this);
        }

        private PublicKeys lookup(String user) {
            PublicKeys k = directory.get(user);
            if (k == null) {
                throw new UnknownUserException(user);
            }
            return k;
        }

        List<String> texts() {
            return store.history("alice").stream().map(StoredMessage::text).sorted().toList();
        }

        @Override
        public void close() {
            services.close();
            store.close();
        }
    }

    private static List<String> expectedTexts() {
        List<String> all = new ArrayList<>();
        for (int i = 0; i < MESSAGES; i++) {
            all.add("m" + i);
        }
        return all.stream().sorted().toList();
    }

    /** What bob's disk held when the first session died, and how many messages it had stored. */
    private record Crash(Path disk, int storedBeforeCrash) {}

    /**
     * Runs bob's first session until its handler got the first batch (and, if asked, stored it:
     * {@code onBatch} returns only after the fsync), copies the profile file as it is on disk then,
     * and closes the connection without acknowledging anything.
     */
    private Crash crashFirstSession(BrokerNode node, boolean storeBeforeCrash) throws Exception {
        Path live = tmp.resolve("bob-live");
        Path afterCrash = tmp.resolve("bob-after-crash");
        Bob first = new Bob(live);
        CountDownLatch crashed = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean once = new AtomicBoolean();
        InboundHandler crashing =
                batch -> {
                    if (!once.compareAndSet(false, true)) {
                        awaitQuietly(
                                release); // nothing after the crash point is acknowledged either
                        return;
                    }
                    if (storeBeforeCrash) {
                        first.messages.onBatch(batch);
                    }
                    try {
                        Files.createDirectories(afterCrash);
                        Files.copy(
                                live.resolve(ProfileStore.LOG_FILE),
                                afterCrash.resolve(ProfileStore.LOG_FILE));
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                    crashed.countDown();
                    awaitQuietly(
                            release); // the process "dies" here: the acknowledgement is never sent
                };
        JmsTransport t = transport("bob", node.url());
        t.start(crashing, new TransportListener() {});
        assertThat(crashed.await(WAIT.toSeconds(), TimeUnit.SECONDS))
                .as("first batch reached the handler")
                .isTrue();
        int stored = first.texts().size();
        // The worker stays blocked in the handler until the test ends, so it can never acknowledge:
        // closing the transport drops the connection (and gives up waiting for the worker).
        Thread closer = new Thread(t::close);
        closer.setDaemon(true);
        closer.start();
        Wait.until(WAIT, "bob's connection closed unacknowledged", () -> consumers(node) == 0);
        open.add(release::countDown);
        return new Crash(afterCrash, stored);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Restarts bob on the crashed disk image; the broker redelivers everything unacknowledged. */
    private Bob restartAndDrain(BrokerNode node, Crash crash) throws Exception {
        assertThat(queueCount(node))
                .as("nothing was acknowledged before the crash")
                .isEqualTo(MESSAGES);
        Bob again = new Bob(crash.disk());
        JmsTransport t = transport("bob", node.url());
        t.start(again.messages, new TransportListener() {});
        Wait.until(
                WAIT,
                "redelivered backlog stored and acknowledged",
                () -> queueCount(node) == 0 && again.texts().size() >= MESSAGES);
        return again;
    }

    @Test
    void crashAfterStoreBeforeAckLosesNothingAndDuplicatesNothing() throws Exception {
        BrokerNode node = brokers.start("n1", tmp.resolve("broker"));
        aliceSends(node.url());

        Crash crash = crashFirstSession(node, true);
        assertThat(crash.storedBeforeCrash()).as("the crash came after storing").isPositive();
        Bob again = restartAndDrain(node, crash);

        // Redelivered because never acknowledged, dropped because already stored: each message
        // once.
        assertThat(again.texts()).containsExactlyElementsOf(expectedTexts());
        assertThat(again.events.incoming())
                .as("only messages not stored before the crash are new")
                .hasSize(MESSAGES - crash.storedBeforeCrash());
    }

    @Test
    void crashBeforeStoreLosesNothing() throws Exception {
        BrokerNode node = brokers.start("n1", tmp.resolve("broker"));
        aliceSends(node.url());

        Crash crash = crashFirstSession(node, false);
        assertThat(crash.storedBeforeCrash()).isZero();
        Bob again = restartAndDrain(node, crash);

        assertThat(again.texts()).containsExactlyElementsOf(expectedTexts());
        assertThat(again.events.incoming())
                .extracting(StoredMessage::text)
                .containsExactlyInAnyOrderElementsOf(expectedTexts());
    }

    private static org.apache.activemq.artemis.core.server.Queue inbox(BrokerNode node) {
        return node.server()
                .locateQueue(
                        org.apache.activemq.artemis.api.core.SimpleString.of("parley.inbox.bob"));
    }

    private static long queueCount(BrokerNode node) {
        var q = inbox(node);
        return q == null ? 0 : q.getMessageCount();
    }

    private static int consumers(BrokerNode node) {
        var q = inbox(node);
        return q == null ? 0 : q.getConsumerCount();
    }
}
