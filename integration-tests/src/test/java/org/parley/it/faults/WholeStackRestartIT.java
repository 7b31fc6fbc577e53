package org.parley.it.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.parley.client.MessageState;
import org.parley.client.StoredMessage;
import org.parley.testing.Wait;
import org.parley.testing.stack.TestClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issue 10, "Whole-stack restart": {@code parley-server stack} (embedded PostgreSQL, auth server,
 * two broker nodes) runs as one OS process and is killed with SIGKILL while three users are offline
 * with backlogs from two senders; then it is started again on the same data.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class WholeStackRestartIT {
    private static final Logger log = LoggerFactory.getLogger(WholeStackRestartIT.class);
    static final Pattern READY =
            Pattern.compile("Parley stack ready: auth (http://\\S+) brokers (\\S+)");
    static final List<String> SENDERS = List.of("alice", "erin");
    static final List<String> RECEIVERS = List.of("bob", "carol", "dave");
    static final int PER_PAIR = 40;

    @TempDir Path tmp;

    /**
     * Every message acknowledged before the kill reaches its offline recipient after the restart
     * exactly once and in the order its sender sent it: each recipient's history with each sender
     * equals that sender's acknowledged ids in send order (and so does the order the session
     * reported them in), whichever node the backlog waited on.
     */
    @Test
    void offlineUsersGetTheirWholeBacklogInOrderPerSenderAfterTheStackIsKilledAndRestarted()
            throws Exception {
        int authPort = BrokerProcess.freePort();
        List<String> args =
                List.of(
                        "stack",
                        "--data-dir",
                        tmp.resolve("stack").toString(),
                        "--auth-port",
                        Integer.toString(authPort),
                        "--broker-port",
                        "0",
                        "--console-port",
                        "-1");
        Map<String, List<String>> sent = new LinkedHashMap<>(); // "alice>bob" -> ids in send order
        URI server;
        try (ServerProcess stack =
                ServerProcess.start("stack#1", tmp.resolve("stack.log"), READY, args)) {
            server = URI.create(stack.readyGroup(READY, 1));
            log.info("Brokers before the crash: {}", stack.readyGroup(READY, 2));
            for (String r : RECEIVERS) {
                Chatter.signup(tmp, server, r).close(); // then offline
            }
            List<Chatter> senders = new ArrayList<>();
            for (String s : SENDERS) {
                senders.add(Chatter.signup(tmp, server, s));
            }
            List<Thread> threads = new ArrayList<>();
            List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
            for (Chatter sender : senders) {
                for (String r : RECEIVERS) {
                    sent.put(
                            sender.username + ">" + r,
                            new java.util.concurrent.CopyOnWriteArrayList<>());
                }
                Thread t =
                        new Thread(
                                () -> {
                                    try {
                                        for (int i = 0; i < PER_PAIR; i++) {
                                            for (String r : RECEIVERS) {
                                                var m =
                                                        TestClient.await(
                                                                sender.session.sendText(
                                                                        r,
                                                                        text(
                                                                                sender.username,
                                                                                r,
                                                                                i)));
                                                assertThat(m.state()).isEqualTo(MessageState.SENT);
                                                sent.get(sender.username + ">" + r).add(m.id());
                                            }
                                        }
                                    } catch (Throwable e) {
                                        failures.add(e);
                                    }
                                },
                                "send-" + sender.username);
                t.start();
                threads.add(t);
            }
            for (Thread t : threads) {
                t.join(TimeUnit.MINUTES.toMillis(3));
            }
            assertThat(failures).isEmpty();
            senders.forEach(Chatter::close);
            stack.kill();
        }
        int total = sent.values().stream().mapToInt(List::size).sum();
        assertThat(total).isEqualTo(SENDERS.size() * RECEIVERS.size() * PER_PAIR);

        long t0 = System.nanoTime();
        try (ServerProcess stack =
                ServerProcess.start("stack#2", tmp.resolve("stack.log"), READY, args)) {
            assertThat(stack.readyGroup(READY, 1)).isEqualTo(server.toString());
            log.info(
                    "Stack back in {} ms; brokers now {}",
                    (System.nanoTime() - t0) / 1_000_000,
                    stack.readyGroup(READY, 2));
            List<Chatter> receivers = new ArrayList<>();
            try {
                for (String r : RECEIVERS) {
                    receivers.add(Chatter.login(tmp, server, r));
                }
                int delivered = 0;
                for (Chatter receiver : receivers) {
                    Wait.until(
                            Wait.LONG,
                            receiver + " to receive the backlog",
                            () -> receiver.events.incoming().size(),
                            n -> n >= SENDERS.size() * PER_PAIR);
                    for (String s : SENDERS) {
                        List<String> expected = sent.get(s + ">" + receiver.username);
                        List<StoredMessage> history = receiver.session.history(s);
                        assertThat(history)
                                .extracting(StoredMessage::id)
                                .as(s + " to " + receiver)
                                .containsExactlyElementsOf(expected);
                        for (int i = 0; i < history.size(); i++) {
                            assertThat(history.get(i).text())
                                    .isEqualTo(text(s, receiver.username, i));
                        }
                        assertThat(
                                        receiver.events.incoming().stream()
                                                .filter(m -> m.from().equals(s))
                                                .map(StoredMessage::id)
                                                .toList())
                                .as("arrival order of " + s + "'s messages to " + receiver)
                                .containsExactlyElementsOf(expected);
                        delivered += history.size();
                    }
                    assertThat(receiver.events.rejections).isEmpty();
                }
                // Nothing more can arrive late (a late copy would be a duplicate): every inbox on
                // every node is empty.
                List<String> brokers = List.of(stack.readyGroup(READY, 2).split(","));
                String servicePassword = servicePassword(tmp.resolve("stack"));
                for (Chatter receiver : receivers) {
                    for (String broker : brokers) {
                        Wait.until(
                                Wait.LONG,
                                receiver + "'s inbox on " + broker + " to drain",
                                () -> inboxCount(broker, servicePassword, receiver.username),
                                n -> n == 0);
                    }
                }
                for (Chatter receiver : receivers) {
                    assertThat(receiver.events.incoming()).hasSize(SENDERS.size() * PER_PAIR);
                }
                log.info(
                        "WHOLE-STACK FIGURES: sent and acknowledged {}, delivered after the SIGKILL restart {}, "
                                + "duplicates 0, lost {}, out of order 0",
                        total,
                        delivered,
                        total - delivered);
            } finally {
                receivers.forEach(Chatter::close);
            }
            stack.stop();
        }
    }

    /** The brokers' parley-service password, which the stack keeps in its data dir. */
    static String servicePassword(Path stackDir) throws java.io.IOException {
        java.util.Properties p = new java.util.Properties();
        try (var in = java.nio.file.Files.newInputStream(stackDir.resolve("stack.secrets"))) {
            p.load(in);
        }
        return p.getProperty("service-password");
    }

    static long inboxCount(String brokerUrl, String servicePassword, String user) {
        try (var service =
                org.parley.broker.BrokerServiceClient.connect(
                        brokerUrl, servicePassword, java.time.Duration.ofSeconds(10))) {
            return org.parley.broker.BrokerServiceClient.asLong(
                    service.inboxAttribute(user, "MessageCount"));
        } catch (Exception e) {
            throw new AssertionError(
                    "Cannot read " + user + "'s inbox on " + brokerUrl + ": " + e, e);
        }
    }

    static String text(String from, String to, int i) {
        return from + " to " + to + " while offline #" + i;
    }
}
