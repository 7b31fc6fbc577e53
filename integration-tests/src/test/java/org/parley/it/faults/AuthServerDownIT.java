package org.parley.it.faults;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.parley.auth.AuthServer;
import org.parley.auth.AuthServerConfig;
import org.parley.auth.accounts.ServerKeys;
import org.parley.broker.BrokerNode;
import org.parley.broker.BrokerNodeConfig;
import org.parley.client.ConnectionState;
import org.parley.client.StoredMessage;
import org.parley.client.exceptions.ServerUnavailableException;
import org.parley.db.Database;
import org.parley.db.DatabaseConfig;
import org.parley.testing.ChildProcesses;
import org.parley.testing.Wait;
import org.parley.testing.stack.TestClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issue 10, "Auth server down": the auth server is a separate OS process, killed with SIGKILL while
 * two users chat through the broker, which checks their tokens itself; PostgreSQL and the broker
 * run in the test JVM. Tokens live one minute, and the auth server stays down until each client has
 * tried to renew its token and failed; then it returns (in the test JVM, on the same port, keys and
 * database).
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class AuthServerDownIT {
    private static final Logger log = LoggerFactory.getLogger(AuthServerDownIT.class);
    static final Pattern READY = Pattern.compile("Parley auth server ready at (http://\\S+)");
    static final Duration TOKEN_TTL = Duration.ofMinutes(1);
    static final int MESSAGES_DURING_OUTAGE = 20;

    @TempDir Path tmp;

    /**
     * While the auth server is dead: alice and bob keep chatting both ways (every message delivered
     * once); a new login gets ServerUnavailableException ("The Parley server at ... is not
     * reachable.") and the CLI prints that as one line on stderr and exits 1. The auth server stays
     * down until both clients' scheduled token renewal has failed (their session logs it). After it
     * comes back on the same port and data: each client's retried renewal succeeds before the token
     * it held at the crash expires (logged by the session), the key directory answers, both
     * reconnect to a restarted broker (a new connection needs a valid token), messages flow, and
     * new logins work.
     */
    @Test
    void loggedInUsersKeepChattingNewLoginsAreToldTheServerIsUnavailableAndTokensRenewAfterwards()
            throws Exception {
        // What the clients log about renewing their tokens (the one sign of a renewal from
        // outside).
        ch.qos.logback.classic.Logger sessionLog =
                (ch.qos.logback.classic.Logger)
                        LoggerFactory.getLogger("org.parley.client.session.ClientSession");
        sessionLog.setLevel(ch.qos.logback.classic.Level.DEBUG); // "renewed" is logged at DEBUG
        ListAppender<ILoggingEvent> renewals = new ListAppender<>();
        renewals.start();
        sessionLog.addAppender(renewals);
        int authPort = BrokerProcess.freePort();
        int brokerPort = BrokerProcess.freePort();
        String brokerUrl = "tcp://127.0.0.1:" + brokerPort;
        Path authDir = tmp.resolve("auth");
        Database database = Database.start(DatabaseConfig.embedded(tmp.resolve("db")));
        DatabaseConfig db = database.externalConfig();
        List<String> authArgs =
                List.of(
                        "auth",
                        "--data-dir",
                        authDir.toString(),
                        "--port",
                        Integer.toString(authPort),
                        "--jdbc-url",
                        db.jdbcUrl(),
                        "--jdbc-user",
                        db.user(),
                        "--broker",
                        brokerUrl,
                        "--token-ttl",
                        TOKEN_TTL.toSeconds() + "s");
        Map<String, String> authEnv = Map.of("PARLEY_AUTH_JDBC_PASSWORD", db.password().reveal());
        ServerProcess auth =
                ServerProcess.start("auth#1", tmp.resolve("auth.log"), READY, authArgs, authEnv);
        AuthServer returned = null;
        URI server = URI.create(auth.readyGroup(READY, 1));
        BrokerNodeConfig brokerConfig =
                BrokerNodeConfig.builder()
                        .nodeId("auth-down-node")
                        .host("127.0.0.1")
                        .port(brokerPort)
                        .dataDir(tmp.resolve("broker"))
                        .tokenPublicKey(
                                BrokerNodeConfig.readPublicKeyFile(
                                        authDir.resolve(ServerKeys.SIGNING_PUBLIC_FILE)))
                        .clusterPassword("cluster-password-" + System.nanoTime())
                        .servicePassword("service-password-" + System.nanoTime())
                        .build();
        BrokerNode broker = new BrokerNode(brokerConfig, Clock.systemUTC());
        broker.start();
        List<Chatter> chatters = new ArrayList<>();
        try {
            Chatter.signup(tmp, server, "carol")
                    .close(); // an account that will try to log in during the outage
            Chatter.signup(tmp, server, "alice").close();
            Chatter.signup(tmp, server, "bob").close();
            // Both log in at once, so their tokens are issued (and due for renewal) at about the
            // same time.
            CompletableFuture<Chatter> aliceLogin =
                    CompletableFuture.supplyAsync(() -> Chatter.login(tmp, server, "alice"));
            CompletableFuture<Chatter> bobLogin =
                    CompletableFuture.supplyAsync(() -> Chatter.login(tmp, server, "bob"));
            Chatter alice = aliceLogin.join();
            chatters.add(alice);
            Chatter bob = bobLogin.join();
            chatters.add(bob);
            TestClient.await(alice.session.sendText("bob", "before the outage"));
            Wait.until("bob to get the first message", () -> bob.events.incoming().size() == 1);

            auth.kill();
            long killedAt = System.nanoTime();
            // The tokens alice and bob hold now were issued before this: they expire by then.
            long heldTokensExpireAt = System.currentTimeMillis() + TOKEN_TTL.toMillis();

            for (int i = 0; i < MESSAGES_DURING_OUTAGE; i++) {
                TestClient.await(alice.session.sendText("bob", "alice during the outage " + i));
                TestClient.await(bob.session.sendText("alice", "bob during the outage " + i));
            }
            Wait.until(
                    "both to receive everything sent during the outage",
                    () ->
                            bob.events.incoming().size() == 1 + MESSAGES_DURING_OUTAGE
                                    && alice.events.incoming().size() == MESSAGES_DURING_OUTAGE);

            Throwable refused = Chatter.loginFailure(tmp, server, "carol");
            assertThat(refused)
                    .isInstanceOf(ServerUnavailableException.class)
                    .hasMessage(
                            "The Parley server at " + server.getAuthority() + " is not reachable.");
            CliResult cli = cli(server, "carol", "login");
            assertThat(cli.exit()).isEqualTo(1);
            assertThat(cli.stderr().lines().toList())
                    .containsExactly(
                            "parley-cli: the Parley server at "
                                    + server.getAuthority()
                                    + " is not reachable");

            // Stay down until both clients' scheduled renewal (35 s before expiry) has failed.
            for (Chatter c : List.of(alice, bob)) {
                Wait.until(
                        Duration.ofSeconds(60),
                        c + "'s token renewal to fail",
                        () -> renewalFailed(renewals, c.username));
            }
            // It returns on the same port, data dir (signing key) and database. In the test JVM, so
            // that it is back
            // within a second or two: a token whose renewal failed has 35 s left, and a new JVM on
            // a loaded
            // two-core machine can take half of that to start.
            returned =
                    new AuthServer(
                                    AuthServerConfig.fromSettings(
                                            Map.of(
                                                    AuthServerConfig.DATA_DIR,
                                                    authDir.toString(),
                                                    AuthServerConfig.PORT,
                                                    Integer.toString(authPort),
                                                    AuthServerConfig.BROKERS,
                                                    brokerUrl,
                                                    AuthServerConfig.TOKEN_TTL,
                                                    TOKEN_TTL.toSeconds() + "s")),
                                    database,
                                    Clock.systemUTC())
                            .start();
            assertThat(returned.uri()).isEqualTo(server);
            long downMillis = (System.nanoTime() - killedAt) / 1_000_000;
            log.info("Auth server was down {} ms; back at {}", downMillis, returned.uri());

            // The renewal that failed is retried (within 15 s) and now succeeds, before the old
            // token expires.
            for (Chatter c : List.of(alice, bob)) {
                Wait.until(
                        Duration.ofSeconds(60),
                        c + "'s token renewal to succeed after the outage",
                        () -> renewed(renewals, c.username, heldTokensExpireAt));
            }
            long renewedMillis = (System.nanoTime() - killedAt) / 1_000_000;
            // The key directory answers a session again, and a new broker connection (which needs a
            // valid token) works.
            TestClient.await(alice.session.safetyNumber("carol"));
            broker.stop();
            broker = new BrokerNode(brokerConfig, Clock.systemUTC());
            broker.start();
            for (Chatter c : List.of(alice, bob)) {
                Wait.until(
                        c + " to reconnect",
                        () ->
                                c.session.connectionState() == ConnectionState.CONNECTED
                                        && c.events.connection.contains(
                                                ConnectionState.RECONNECTING));
            }
            TestClient.await(alice.session.sendText("bob", "after the outage"));
            Wait.until(
                    "bob to get the message after the outage",
                    () -> bob.events.incoming().size() == 2 + MESSAGES_DURING_OUTAGE);
            assertThat(bob.events.incoming()).extracting(StoredMessage::id).doesNotHaveDuplicates();
            assertThat(alice.events.incoming())
                    .extracting(StoredMessage::id)
                    .doesNotHaveDuplicates();

            try (Chatter carol = Chatter.login(tmp, server, "carol")) {
                assertThat(carol.session.connectionState()).isEqualTo(ConnectionState.CONNECTED);
            }
            log.info(
                    "AUTH-DOWN FIGURES: down {} ms; during the outage {} messages sent and {} delivered, "
                            + "duplicates 0, lost 0; new logins refused with ServerUnavailableException; both clients' "
                            + "renewals failed during the outage and succeeded {} ms after the crash; reconnect and login "
                            + "worked {} ms after the crash",
                    downMillis,
                    2 * MESSAGES_DURING_OUTAGE,
                    2 * MESSAGES_DURING_OUTAGE,
                    renewedMillis,
                    (System.nanoTime() - killedAt) / 1_000_000);
        } finally {
            chatters.forEach(Chatter::close);
            auth.close();
            if (returned != null) {
                returned.close();
            }
            broker.stop();
            database.close();
            sessionLog.detachAppender(renewals);
        }
    }

    /**
     * Whether {@code user}'s session logged a failed renewal (its timer thread is named after the
     * user).
     */
    private static boolean renewalFailed(ListAppender<ILoggingEvent> log, String user) {
        synchronized (log) { // AppenderBase appends under the appender's lock
            return log.list.stream()
                    .anyMatch(
                            e ->
                                    e.getThreadName().endsWith("-" + user)
                                            && e.getFormattedMessage()
                                                    .startsWith(
                                                            "Renewing the session token failed"));
        }
    }

    /**
     * Whether {@code user}'s session renewed its token after a failed attempt; it must be before
     * {@code deadline} (epoch ms).
     */
    private static boolean renewed(ListAppender<ILoggingEvent> log, String user, long deadline) {
        synchronized (log) {
            boolean failed = false;
            for (ILoggingEvent e : log.list) {
                if (!e.getThreadName().endsWith("-" + user)) {
                    continue;
                }
                if (e.getFormattedMessage().startsWith("Renewing the session token failed")) {
                    failed = true;
                } else if (failed
                        && e.getFormattedMessage()
                                .equals("Session token of " + user + " renewed")) {
                    if (e.getTimeStamp() >= deadline) {
                        throw new AssertionError(
                                user + "'s token was renewed only after the old one had expired");
                    }
                    return true;
                }
            }
            return false;
        }
    }

    record CliResult(int exit, String stdout, String stderr) {}

    /** Runs {@code parley-cli} as its own process, as a user would. */
    private CliResult cli(URI server, String user, String... command)
            throws IOException, InterruptedException {
        List<String> args =
                ChildProcesses.javaCommand(
                        "-cp",
                        System.getProperty("java.class.path"),
                        "org.parley.client.cli.ParleyCli",
                        "--server",
                        server.toString(),
                        "--user",
                        user,
                        "--profile",
                        tmp.resolve(user + "-cli").toString());
        args.addAll(List.of(command));
        ProcessBuilder pb = new ProcessBuilder(args);
        pb.environment().put("PARLEY_PASSWORD", new String(Chatter.passwordOf(user)));
        Path out = tmp.resolve("cli.out");
        Path err = tmp.resolve("cli.err");
        pb.redirectOutput(out.toFile());
        pb.redirectError(err.toFile());
        Process p = pb.start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("parley-cli did not finish within 60 s");
        }
        return new CliResult(
                p.exitValue(),
                Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }
}
