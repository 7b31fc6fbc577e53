package org.parley.it.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.parley.auth.AuthServer;
import org.parley.auth.AuthServerConfig;
import org.parley.auth.accounts.ServerKeys;
import org.parley.client.ConnectionState;
import org.parley.client.MessageState;
import org.parley.client.OutgoingMessage;
import org.parley.client.StoredMessage;
import org.parley.db.Database;
import org.parley.db.DatabaseConfig;
import org.parley.model.PublicKeys;
import org.parley.testing.Wait;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issue 10, "Crash": the broker node is a separate OS process and is killed with SIGKILL while five
 * users are in the middle of 10,000 blocking durable sends to a sixth, who is offline; then it is
 * started again on the same journal. Four senders use client-core, one plain JMS.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class CrashIT {
    private static final Logger log = LoggerFactory.getLogger(CrashIT.class);
    static final int TOTAL = Integer.getInteger("parley.crash.messages", 10_000);

    /** Client-core users; client-core retries a send cut off by the crash for them. */
    static final List<String> SENDERS = List.of("alice", "carol", "dave", "erin");

    /** A plain-JMS user who sees the failed send itself and retries it with the same id. */
    static final String RAW_SENDER = "frank";

    static final int PER_SENDER = TOTAL / (SENDERS.size() + 1);

    /** Kill when this many sends have been acknowledged: well inside the run. */
    static final int KILL_AFTER = TOTAL * 3 / 10;

    @TempDir Path tmp;

    /**
     * After the restart every one of the 10,000 sends is acknowledged (those cut off by the kill
     * were retried with their original id). The broker then holds exactly 10,000 messages for bob:
     * no retry created a duplicate and nothing acknowledged was lost from the journal. Then bob
     * logs in, and his store is the judge: his history holds each acknowledged id exactly once and
     * nothing else, his session reported each once, every text is the one sent, and his inbox is
     * empty afterwards (nothing left that could arrive twice later). The client-core senders saw
     * their connection go RECONNECTING, no message of theirs FAILED; the JMS sender got a clear
     * failure from the JMS client for the send the crash cut off, and retried it.
     */
    @Test
    void everyAcknowledgedSendIsDeliveredExactlyOnceAfterTheBrokerIsKilledMidRun()
            throws Exception {
        Path authDir = tmp.resolve("auth");
        ServerKeys.loadOrCreate(authDir, new SecureRandom());
        // The broker asks the auth server which names are accounts, so it needs its URL up front.
        int authPort = BrokerProcess.freePort();
        try (Database database = Database.start(DatabaseConfig.embedded(tmp.resolve("db")));
                // Each sender piles up 2,000 messages for offline bob, twice the default share of
                // one
                // sender in one inbox (decision 0012, InboxLimitsIT); this test is about the crash.
                BrokerProcess broker =
                        new BrokerProcess(
                                        tmp.resolve("broker"),
                                        authDir.resolve(ServerKeys.SIGNING_PUBLIC_FILE),
                                        List.of(
                                                "--inbox-sender-share-messages",
                                                Integer.toString(2 * PER_SENDER),
                                                "--auth-url",
                                                "http://127.0.0.1:" + authPort,
                                                "--no-console"))
                                .start()) {
            AuthServer auth =
                    new AuthServer(
                                    AuthServerConfig.fromSettings(
                                            Map.of(
                                                    AuthServerConfig.DATA_DIR, authDir.toString(),
                                                    AuthServerConfig.PORT,
                                                            Integer.toString(authPort),
                                                    AuthServerConfig.BROKERS, broker.url(),
                                                    AuthServerConfig.BROKER_SERVICE_PASSWORD,
                                                            broker.servicePassword())),
                                    database,
                                    Clock.systemUTC())
                            .start();
            List<Chatter> senders = new ArrayList<>();
            Chatter.signup(tmp, auth.uri(), "bob").close(); // offline while the mail piles up
            try (RawSender frank = RawSender.signup(auth.uri(), broker.url(), RAW_SENDER)) {
                for (String name : SENDERS) {
                    senders.add(Chatter.signup(tmp, auth.uri(), name));
                }
                PublicKeys bobsKeys = frank.keysOf("bob");
                List<String> franksAcked = new java.util.concurrent.CopyOnWriteArrayList<>();
                AtomicReference<Throwable> franksProblem = new AtomicReference<>();
                AtomicInteger acknowledged = new AtomicInteger();
                Map<String, List<CompletableFuture<OutgoingMessage>>> sends = new HashMap<>();
                long t0 = System.nanoTime();
                for (Chatter sender : senders) {
                    List<CompletableFuture<OutgoingMessage>> futures = new ArrayList<>();
                    sends.put(sender.username, futures);
                    Thread feeder =
                            new Thread(
                                    () -> {
                                        for (int i = 0; i < PER_SENDER; i++) {
                                            CompletableFuture<OutgoingMessage> f =
                                                    sender.session.sendText(
                                                            "bob", text(sender.username, i));
                                            f.thenRun(acknowledged::incrementAndGet);
                                            synchronized (futures) {
                                                futures.add(f);
                                            }
                                        }
                                    },
                                    "send-" + sender.username);
                    feeder.setDaemon(true);
                    feeder.start();
                }
                Thread rawFeeder =
                        new Thread(
                                () -> {
                                    try {
                                        for (int i = 0; i < PER_SENDER; i++) {
                                            RawSender.Sealed envelope =
                                                    frank.seal(
                                                            "bob", bobsKeys, text(RAW_SENDER, i));
                                            frank.sendUntilAcknowledged(
                                                    envelope, Duration.ofSeconds(180));
                                            franksAcked.add(envelope.id());
                                            acknowledged.incrementAndGet();
                                        }
                                    } catch (Throwable e) {
                                        franksProblem.set(e);
                                    }
                                },
                                "send-" + RAW_SENDER);
                rawFeeder.setDaemon(true);
                rawFeeder.start();

                Wait.until(
                        Duration.ofSeconds(180),
                        KILL_AFTER + " sends to be acknowledged",
                        acknowledged::get,
                        n -> n >= KILL_AFTER);
                broker.kill();
                int ackedAtKill = acknowledged.get();
                long killedAt = System.nanoTime();
                log.info(
                        "Broker killed after {} acknowledged sends ({} ms into the run)",
                        ackedAtKill,
                        (killedAt - t0) / 1_000_000);
                // Every sender notices (its connection is gone), and what was not acknowledged
                // stays unacknowledged.
                for (Chatter sender : senders) {
                    Wait.until(
                            sender + " to notice the crash",
                            () -> sender.events.connection.contains(ConnectionState.RECONNECTING));
                }
                // Acknowledgements the broker sent just before it died may still be landing:
                // counted, not asserted.
                int ackedWhileDown = acknowledged.get() - ackedAtKill;
                int unacknowledgedWhileDown = TOTAL - acknowledged.get();
                assertThat(unacknowledgedWhileDown).as("sends cut off by the crash").isPositive();
                Set<String> failed = new HashSet<>();
                for (Chatter sender : senders) {
                    sender.events.states.stream()
                            .filter(s -> s.endsWith(":" + MessageState.FAILED))
                            .forEach(failed::add);
                }
                assertThat(failed).as("no send fails permanently because of a crash").isEmpty();

                broker.start();
                log.info(
                        "Broker restarted {} ms after the kill",
                        (System.nanoTime() - killedAt) / 1_000_000);

                Map<String, List<String>> ackedIds = new HashMap<>();
                for (Chatter sender : senders) {
                    List<CompletableFuture<OutgoingMessage>> futures = sends.get(sender.username);
                    Wait.until(
                            Duration.ofSeconds(180),
                            sender + " to queue every send",
                            () -> size(futures),
                            n -> n == PER_SENDER);
                    List<String> ids = new ArrayList<>();
                    for (CompletableFuture<OutgoingMessage> f : List.copyOf(futures)) {
                        OutgoingMessage m = f.get(180, TimeUnit.SECONDS);
                        assertThat(m.state()).isIn(MessageState.SENT, MessageState.DELIVERED);
                        ids.add(m.id());
                    }
                    ackedIds.put(sender.username, ids);
                }
                rawFeeder.join(TimeUnit.SECONDS.toMillis(180));
                assertThat(franksProblem.get()).isNull();
                ackedIds.put(RAW_SENDER, List.copyOf(franksAcked));
                assertThat(acknowledged.get()).isEqualTo(TOTAL);
                assertThat(frank.failures)
                        .as("the JMS sender was told its send failed")
                        .isNotEmpty();
                log.info("The JMS sender's failures: {}", frank.failures);
                // Every retry was recognised as a duplicate: the broker holds each acknowledged
                // message once.
                long onBroker = broker.inboxCount("bob");
                assertThat(onBroker).as("messages in bob's inbox on the broker").isEqualTo(TOTAL);
                long sendMillis = (System.nanoTime() - t0) / 1_000_000;

                Chatter bob = Chatter.login(tmp, auth.uri(), "bob");
                senders.add(bob); // closed with the others
                Wait.until(
                        Duration.ofSeconds(180),
                        "bob to store " + TOTAL + " messages and his inbox to drain",
                        () ->
                                stored(bob)
                                        + " stored, "
                                        + broker.inboxCount("bob")
                                        + " in the inbox",
                        s -> s.equals(TOTAL + " stored, 0 in the inbox"));

                int duplicates = 0;
                int lost = 0;
                List<String> everyone = new ArrayList<>(SENDERS);
                everyone.add(RAW_SENDER);
                for (String name : everyone) {
                    List<StoredMessage> history = bob.session.history(name);
                    List<String> historyIds = history.stream().map(StoredMessage::id).toList();
                    Set<String> distinct = new HashSet<>(historyIds);
                    duplicates += historyIds.size() - distinct.size();
                    Set<String> missing = new HashSet<>(ackedIds.get(name));
                    missing.removeAll(distinct);
                    lost += missing.size();
                    assertThat(historyIds)
                            .as("bob's history with " + name)
                            .doesNotHaveDuplicates()
                            .containsExactlyInAnyOrderElementsOf(ackedIds.get(name));
                    for (StoredMessage m : history) {
                        assertThat(m.from()).isEqualTo(name);
                        assertThat(m.state()).isEqualTo(MessageState.RECEIVED);
                        assertThat(m.text()).startsWith("crash test from " + name + " #");
                    }
                    assertThat(history.stream().map(StoredMessage::text).distinct().count())
                            .as("each text once")
                            .isEqualTo(PER_SENDER);
                }
                assertThat(duplicates).isZero();
                assertThat(lost).isZero();
                List<String> reported =
                        bob.events.incoming().stream().map(StoredMessage::id).toList();
                assertThat(reported)
                        .as("messages bob's session reported")
                        .hasSize(TOTAL)
                        .doesNotHaveDuplicates();
                assertThat(bob.events.rejections).isEmpty();
                log.info(
                        "CRASH FIGURES: sent {}, acknowledged before the kill {}, acknowledged while down {}, "
                                + "unacknowledged at the kill {} (retried with the same id), acknowledged in the end {}, "
                                + "on the broker after restart {}, delivered (bob's store) {}, duplicates {}, lost {}, "
                                + "JMS sender's failed sends {}; sends took {} ms",
                        TOTAL,
                        ackedAtKill,
                        ackedWhileDown,
                        unacknowledgedWhileDown,
                        acknowledged.get(),
                        onBroker,
                        stored(bob),
                        duplicates,
                        lost,
                        frank.failures.size(),
                        sendMillis);
            } finally {
                senders.forEach(Chatter::close);
                auth.close();
            }
        }
    }

    private static int size(List<?> list) {
        synchronized (list) {
            return list.size();
        }
    }

    private static int stored(Chatter bob) {
        return SENDERS.stream().mapToInt(s -> bob.session.history(s).size()).sum()
                + bob.session.history(RAW_SENDER).size();
    }

    static String text(String sender, int i) {
        return "crash test from " + sender + " #" + i;
    }
}
