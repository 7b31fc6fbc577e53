package org.parley.it.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.paging.PagingStore;
import org.apache.activemq.artemis.core.server.Queue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.parley.auth.AuthServer;
import org.parley.auth.AuthServerConfig;
import org.parley.auth.accounts.ServerKeys;
import org.parley.broker.BrokerNode;
import org.parley.broker.BrokerNodeConfig;
import org.parley.client.MessageState;
import org.parley.client.OutgoingMessage;
import org.parley.client.StoredMessage;
import org.parley.client.exceptions.InboxFullException;
import org.parley.client.exceptions.ParleyException;
import org.parley.db.Database;
import org.parley.db.DatabaseConfig;
import org.parley.model.Addresses;
import org.parley.testing.Wait;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issue 10, "Flood": one user sends a flood of messages to an offline user. The inbox pages to disk
 * past its memory size and refuses sends past its page limit; the sender is told clearly
 * (InboxFullException, message FAILED) and nothing else is held up; other users keep chatting.
 *
 * <p>In the build it sends {@value #DEFAULT_MESSAGES} messages against an inbox limited to 64 KiB
 * in memory and {@value #DEFAULT_PAGE_LIMIT} paged messages, so the limit is reached within
 * seconds. {@code -Dparley.flood.messages=1000000 -Dparley.flood.pageLimit=100000} runs the full
 * million against the product's default page limit (see docs/RELIABILITY.md).
 */
@Timeout(value = 60, unit = TimeUnit.MINUTES)
class FloodIT {
    private static final Logger log = LoggerFactory.getLogger(FloodIT.class);
    static final int DEFAULT_MESSAGES = 1_500;
    static final long DEFAULT_PAGE_LIMIT = 500;
    static final int MESSAGES = Integer.getInteger("parley.flood.messages", DEFAULT_MESSAGES);
    static final long PAGE_LIMIT = Long.getLong("parley.flood.pageLimit", DEFAULT_PAGE_LIMIT);
    static final long INBOX_MAX_BYTES = Long.getLong("parley.flood.inboxMaxBytes", 64 * 1024);
    static final int WINDOW = 64;
    static final int SIDE_CHAT = 20;

    @TempDir Path tmp;

    @Test
    void floodIsBoundedByThePageLimitTheSenderIsRefusedClearlyAndOthersKeepChatting()
            throws Exception {
        Path authDir = tmp.resolve("auth");
        ServerKeys keys = ServerKeys.loadOrCreate(authDir, new SecureRandom());
        BrokerNode node =
                new BrokerNode(
                        BrokerNodeConfig.builder()
                                .nodeId("flood-node")
                                .host("127.0.0.1")
                                .port(BrokerProcess.freePort())
                                .dataDir(tmp.resolve("broker"))
                                .tokenPublicKey(keys.signingPublicKey())
                                .clusterPassword("cluster-password-" + System.nanoTime())
                                .servicePassword("service-password-" + System.nanoTime())
                                .inboxMaxBytes(INBOX_MAX_BYTES)
                                .inboxPageLimitMessages(PAGE_LIMIT)
                                // One sender floods here, so her share of bob's inbox (decision
                                // 0012, InboxLimitsIT) is set
                                // above the page limit: this test is about the page limit, the line
                                // behind that share.
                                .inboxSenderShareMessages(2 * PAGE_LIMIT)
                                .build(),
                        Clock.systemUTC());
        node.start();
        List<Chatter> chatters = new ArrayList<>();
        try (Database database = Database.start(DatabaseConfig.embedded(tmp.resolve("db")))) {
            AuthServer auth =
                    new AuthServer(
                                    AuthServerConfig.fromSettings(
                                            Map.of(
                                                    AuthServerConfig.DATA_DIR, authDir.toString(),
                                                    AuthServerConfig.PORT, "0",
                                                    AuthServerConfig.BROKERS, node.url())),
                                    database,
                                    Clock.systemUTC())
                            .start();
            try {
                Chatter.signup(tmp, auth.uri(), "bob").close(); // bob exists, then goes offline
                Chatter alice = Chatter.signup(tmp, auth.uri(), "alice");
                Chatter carol = Chatter.signup(tmp, auth.uri(), "carol");
                Chatter dave = Chatter.signup(tmp, auth.uri(), "dave");
                chatters.addAll(List.of(alice, carol, dave));
                // bob's key is pinned before the flood, so every send is only seal + store + send.
                Chatter.await(alice.session.safetyNumber("bob"));

                List<String> accepted = Collections.synchronizedList(new ArrayList<>());
                AtomicInteger refused = new AtomicInteger();
                AtomicInteger otherFailures = new AtomicInteger();
                AtomicReference<Throwable> firstRefusal = new AtomicReference<>();
                AtomicInteger firstRefusalAt = new AtomicInteger(-1);
                AtomicInteger maxInbox = new AtomicInteger();
                ConcurrentLinkedQueue<String> sideChatIds = new ConcurrentLinkedQueue<>();
                Semaphore window = new Semaphore(WINDOW);
                Queue[] inbox = new Queue[1];

                Thread sideChat =
                        new Thread(
                                () -> {
                                    // Others chat while the flood runs: carol to dave, and alice
                                    // herself to dave.
                                    Wait.until(
                                            "the flood to reach the page limit",
                                            () ->
                                                    firstRefusal.get() != null
                                                            || accepted.size() > PAGE_LIMIT);
                                    for (int i = 0; i < SIDE_CHAT; i++) {
                                        sideChatIds.add(
                                                Chatter.await(
                                                                carol.session.sendText(
                                                                        "dave",
                                                                        "carol during the flood "
                                                                                + i))
                                                        .id());
                                        sideChatIds.add(
                                                Chatter.await(
                                                                alice.session.sendText(
                                                                        "dave",
                                                                        "alice during the flood "
                                                                                + i))
                                                        .id());
                                    }
                                },
                                "side-chat");
                sideChat.setDaemon(true);
                AtomicReference<Throwable> sideChatFailure = new AtomicReference<>();
                sideChat.setUncaughtExceptionHandler((t, e) -> sideChatFailure.set(e));
                sideChat.start();

                long t0 = System.nanoTime();
                for (int i = 0; i < MESSAGES; i++) {
                    window.acquire();
                    int index = i;
                    alice.session
                            .sendText("bob", "flood " + i)
                            .whenComplete(
                                    (m, e) -> {
                                        window.release();
                                        if (e == null) {
                                            accepted.add(m.id());
                                        } else if (ParleyException.unwrap(e)
                                                instanceof InboxFullException) {
                                            refused.incrementAndGet();
                                            if (firstRefusal.compareAndSet(
                                                    null, ParleyException.unwrap(e))) {
                                                firstRefusalAt.set(index);
                                            }
                                        } else {
                                            otherFailures.incrementAndGet();
                                            log.warn(
                                                    "Flood send {} failed otherwise: {}",
                                                    index,
                                                    e.toString());
                                        }
                                    });
                    if (i % 500 == 0) {
                        if (inbox[0] == null) {
                            inbox[0] =
                                    node.server()
                                            .locateQueue(SimpleString.of(Addresses.inbox("bob")));
                        }
                        if (inbox[0] != null) {
                            maxInbox.accumulateAndGet((int) inbox[0].getMessageCount(), Math::max);
                        }
                    }
                    if (i > 0 && i % 100_000 == 0) {
                        log.info(
                                "Flood: {} sent, {} accepted, {} refused",
                                i,
                                accepted.size(),
                                refused.get());
                    }
                }
                window.acquire(WINDOW); // every send answered
                long floodMillis = (System.nanoTime() - t0) / 1_000_000;
                sideChat.join(Wait.LONG.toMillis());
                assertThat(sideChatFailure.get()).as("others chatting during the flood").isNull();
                assertThat(sideChat.isAlive()).isFalse();

                long inboxCount = inbox[0].getMessageCount();
                PagingStore paging =
                        node.server()
                                .getPagingManager()
                                .getPageStore(SimpleString.of(Addresses.inbox("bob")));
                log.info(
                        "FLOOD FIGURES: sent {}, accepted {}, refused (inbox full) {}, other failures {}, first refusal at "
                                + "send #{}, bob's inbox {} messages (max seen {}), paging {} ({} pages, about {} bytes on disk), "
                                + "flood took {} ms ({} sends/s)",
                        MESSAGES,
                        accepted.size(),
                        refused.get(),
                        otherFailures.get(),
                        firstRefusalAt.get(),
                        inboxCount,
                        maxInbox.get(),
                        paging.isPaging(),
                        paging.getNumberOfPages(),
                        paging.getNumberOfPages() * paging.getPageSizeBytes(),
                        floodMillis,
                        MESSAGES * 1000L / Math.max(1, floodMillis));

                // The sender is refused clearly, and every send was answered one way or the other.
                assertThat(otherFailures.get()).isZero();
                assertThat(accepted.size() + refused.get()).isEqualTo(MESSAGES);
                assertThat(firstRefusal.get())
                        .isInstanceOf(InboxFullException.class)
                        .hasMessage(
                                "bob's inbox is full (too many unread messages), so this message was not sent. "
                                        + "Try again once they have caught up.");
                assertThat(alice.states).anyMatch(s -> s.endsWith(":" + MessageState.FAILED));
                // The limit holds: the inbox paged to disk and stopped near its page limit.
                assertThat(paging.isPaging()).as("the inbox pages beyond its memory size").isTrue();
                assertThat(inboxCount)
                        .isEqualTo(accepted.size())
                        .isGreaterThanOrEqualTo(PAGE_LIMIT)
                        .isLessThan(PAGE_LIMIT + PAGE_LIMIT / 2 + 1_000);
                // Nobody else was held up: dave got every side-chat message exactly once.
                Wait.until(
                        "dave to receive the side chat",
                        () -> dave.incoming.size() >= 2 * SIDE_CHAT);
                assertThat(dave.incoming)
                        .extracting(StoredMessage::id)
                        .containsExactlyInAnyOrderElementsOf(List.copyOf(sideChatIds));

                // bob comes back: the whole accepted backlog, paged or not, exactly once and in
                // alice's order.
                try (Chatter bob = Chatter.login(tmp, auth.uri(), "bob")) {
                    long t1 = System.nanoTime();
                    Wait.until(
                            Duration.ofMinutes(30),
                            "bob to receive the backlog",
                            () -> bob.session.history("alice").size(),
                            n -> n >= accepted.size());
                    Wait.until("bob's inbox to drain", () -> inbox[0].getMessageCount() == 0);
                    List<String> received =
                            bob.session.history("alice").stream().map(StoredMessage::id).toList();
                    assertThat(received).containsExactlyElementsOf(accepted);
                    log.info(
                            "bob received {} messages in {} ms",
                            received.size(),
                            (System.nanoTime() - t1) / 1_000_000);

                    // With the backlog read, the inbox takes messages again (once paging has
                    // cleaned up).
                    long t2 = System.nanoTime();
                    OutgoingMessage again =
                            Wait.until(
                                    Duration.ofSeconds(90),
                                    "bob's inbox to take messages again",
                                    () -> trySend(alice, "bob", "after the flood"),
                                    m -> m != null);
                    log.info(
                            "bob's inbox took messages again {} ms after it was drained",
                            (System.nanoTime() - t2) / 1_000_000);
                    Wait.until(
                            "bob to receive the message after the flood",
                            () ->
                                    bob.session.history("alice").stream()
                                            .anyMatch(m -> m.id().equals(again.id())));
                }
            } finally {
                chatters.forEach(Chatter::close);
                auth.close();
            }
        } finally {
            node.stop();
        }
    }

    private static OutgoingMessage trySend(Chatter from, String to, String text) {
        try {
            return from.session.sendText(to, text).join();
        } catch (CompletionException e) {
            if (ParleyException.unwrap(e) instanceof InboxFullException) {
                return null;
            }
            throw e;
        }
    }
}
