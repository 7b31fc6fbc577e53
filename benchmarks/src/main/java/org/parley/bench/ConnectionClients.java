package org.parley.bench;

import jakarta.jms.Connection;
import jakarta.jms.Session;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.parley.crypto.SessionClaims;
import org.parley.crypto.SessionTokens;

/**
 * Child process of scenario 4: holds {@code n} logged-in users on one broker node, each shaped like
 * a client-core session (a token-authenticated connection with a CLIENT_ACKNOWLEDGE session
 * consuming the user's own inbox, a producer session and a presence session). A separate process
 * because client and broker sockets together would exceed the machine's 20,000 open files, and so
 * that the broker's heap grows by the broker's share only.
 *
 * <p>Arguments: broker URL, count, file with the base64 token-signing key. Prints {@code CONNECTED
 * <n> <seconds> <failures>} once all are open, then holds them until stdin closes.
 */
public final class ConnectionClients {
    private static final String PARAMS =
            "?useTopologyForLoadBalancing=false&reconnectAttempts=0&initialConnectAttempts=1"
                    + "&blockOnDurableSend=true&callTimeout=30000&connectionTTL=120000&clientFailureCheckPeriod=60000";

    private ConnectionClients() {}

    public static void main(String[] args) throws Exception {
        String url = args[0];
        int n = Integer.parseInt(args[1]);
        byte[] key = Base64.getDecoder().decode(Files.readString(Path.of(args[2])).trim());
        ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(url + PARAMS);
        List<Connection> open = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger failures = new AtomicInteger();
        long t0 = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> jobs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String user = "conn" + i;
            jobs.add(
                    pool.submit(
                            () -> {
                                try {
                                    String token =
                                            SessionTokens.issue(
                                                    key,
                                                    SessionClaims.session(
                                                            user,
                                                            Instant.now(),
                                                            Duration.ofHours(2)));
                                    Connection c = factory.createConnection(user, token);
                                    Session consumer =
                                            c.createSession(false, Session.CLIENT_ACKNOWLEDGE);
                                    consumer.createConsumer(
                                                    consumer.createQueue("parley.inbox." + user))
                                            .setMessageListener(
                                                    m -> {
                                                        try {
                                                            m.acknowledge();
                                                        } catch (Exception ignored) {
                                                            // nothing is sent to these users
                                                        }
                                                    });
                                    c.createSession(false, Session.AUTO_ACKNOWLEDGE)
                                            .createProducer(null);
                                    c.createSession(false, Session.AUTO_ACKNOWLEDGE);
                                    c.start();
                                    open.add(c);
                                } catch (Exception e) {
                                    if (failures.incrementAndGet() <= 3) {
                                        System.err.println("connection " + user + " failed: " + e);
                                    }
                                }
                            }));
        }
        for (Future<?> f : jobs) {
            f.get(30, TimeUnit.MINUTES);
        }
        pool.shutdown();
        System.out.printf(
                java.util.Locale.ROOT,
                "CONNECTED %d %.3f %d%n",
                open.size(),
                (System.nanoTime() - t0) / 1e9,
                failures.get());
        System.out.flush();
        try (BufferedReader in =
                new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            while (in.readLine() != null) {
                // hold the connections until the parent closes our stdin
            }
        }
        // Exit without closing each one: the broker sees the sockets go, which is what a crash of
        // many clients looks like.
        System.exit(0);
    }
}
