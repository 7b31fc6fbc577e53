package org.parley.client.transport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.TestInstance.Lifecycle;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.parley.broker.BrokerNode;
import org.parley.broker.BrokerNodeConfig;
import org.parley.crypto.SessionClaims;
import org.parley.crypto.SessionTokens;
import org.parley.crypto.primitives.Ed25519;
import org.parley.testing.FakeAuthServer;

/**
 * Embedded broker nodes trusting a test token key, and tokens signed with it. As a JUnit extension
 * on an instance field ({@code @RegisterExtension}) it stops the nodes, and closes what was handed
 * to {@link #closing} first, after each test, or after the class when the class shares one instance
 * ({@code PER_CLASS}).
 */
public final class BrokerFixture implements AutoCloseable, AfterEachCallback, AfterAllCallback {
    private static final SecureRandom RANDOM = new SecureRandom();
    final Ed25519.KeyPair authKey = Ed25519.generate(RANDOM);
    private final List<BrokerNode> nodes = new ArrayList<>();
    private final Deque<AutoCloseable> closeFirst = new ArrayDeque<>();

    public BrokerNode start(String nodeId, Path dataDir) throws Exception {
        return start(nodeId, dataDir, UnaryOperator.identity());
    }

    /** A node whose configuration {@code limits} adjusts (inbox limits, say). */
    public BrokerNode start(
            String nodeId, Path dataDir, UnaryOperator<BrokerNodeConfig.Builder> limits)
            throws Exception {
        BrokerNode node =
                new BrokerNode(
                        limits.apply(config(nodeId, dataDir, freePort()).toBuilder()).build(),
                        Clock.systemUTC());
        node.start();
        nodes.add(node);
        return node;
    }

    /** {@code resource}, closed before the nodes stop (the last one handed over first). */
    public <T extends AutoCloseable> T closing(T resource) {
        closeFirst.push(resource);
        return resource;
    }

    /**
     * A fake auth server that signs this fixture's tokens and sends clients to {@code nodes};
     * closed with the fixture.
     */
    public FakeAuthServer authServer(BrokerNode... nodes) throws IOException {
        return closing(
                new FakeAuthServer(
                        this::token, Arrays.stream(nodes).map(BrokerNode::url).toList()));
    }

    /** Starts a stopped node again on the same port and data. */
    public BrokerNode restart(BrokerNode node) throws Exception {
        node.stop();
        BrokerNode again = new BrokerNode(node.config(), Clock.systemUTC());
        again.start();
        nodes.add(again);
        return again;
    }

    private BrokerNodeConfig config(String nodeId, Path dataDir, int port) {
        return BrokerNodeConfig.builder()
                .nodeId(nodeId)
                .host("127.0.0.1")
                .port(port)
                .dataDir(dataDir)
                .tokenPublicKey(authKey.publicKey())
                .clusterPassword("cluster-secret-" + Long.toHexString(RANDOM.nextLong()))
                .servicePassword("service-secret-" + Long.toHexString(RANDOM.nextLong()))
                .journalBufferTimeoutNanos(200_000) // skip the disk calibration in tests
                .build();
    }

    public String token(String user) {
        return SessionTokens.issue(
                authKey.privateKey(),
                SessionClaims.session(user, Clock.systemUTC().instant(), Duration.ofMinutes(15)));
    }

    String expiredToken(String user) {
        return SessionTokens.issue(
                authKey.privateKey(),
                SessionClaims.session(
                        user,
                        Clock.systemUTC().instant().minus(Duration.ofMinutes(30)),
                        Duration.ofMinutes(15)));
    }

    public BrokerCredentials credentials(String user) {
        return credentials(user, renew -> token(user));
    }

    /** Credentials naming {@code user} whose tokens {@code tokens} makes (given "renew"). */
    public static BrokerCredentials credentials(String user, Function<Boolean, String> tokens) {
        return new BrokerCredentials() {
            @Override
            public String username() {
                return user;
            }

            @Override
            public String token(boolean renew) {
                return tokens.apply(renew);
            }
        };
    }

    /**
     * A transport to {@code urls} with the tests' usual timeouts (5 s to connect, 500 ms between
     * retries), taking up to {@code receiveBatchSize} messages at a time; not started, not closed.
     */
    public static JmsTransport transport(
            BrokerCredentials credentials, int receiveBatchSize, List<String> urls) {
        return new JmsTransport(
                urls,
                credentials,
                new TransportOptions(
                        receiveBatchSize,
                        Duration.ofSeconds(5),
                        Duration.ofMillis(500),
                        Thread::new));
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        if (context.getTestInstanceLifecycle().orElse(Lifecycle.PER_METHOD)
                == Lifecycle.PER_METHOD) {
            close();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        close();
    }

    @Override
    public void close() throws Exception {
        while (!closeFirst.isEmpty()) {
            closeFirst.pop().close();
        }
        for (BrokerNode n : nodes) {
            n.stop();
        }
        nodes.clear();
    }
}
