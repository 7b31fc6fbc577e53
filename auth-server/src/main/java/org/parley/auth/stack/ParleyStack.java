package org.parley.auth.stack;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import org.jspecify.annotations.Nullable;
import org.parley.auth.AuthServer;
import org.parley.auth.AuthServerConfig;
import org.parley.auth.accounts.ServerKeys;
import org.parley.broker.BrokerNode;
import org.parley.broker.BrokerNodeConfig;
import org.parley.broker.console.BrokerConsole;
import org.parley.broker.console.ConsoleConfig;
import org.parley.db.Database;
import org.parley.db.DatabaseConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Parley on one machine: embedded PostgreSQL, the auth server and a cluster of broker nodes on
 * loopback. What {@code parley-server stack} runs, and what the integration tests, the UI tests and
 * the benchmarks stand on, so all of them exercise the same wiring.
 */
public final class ParleyStack implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ParleyStack.class);
    static final String SECRETS_FILE = "stack.secrets";

    private final StackConfig config;
    private final Clock clock;
    private final List<BrokerNodeConfig> brokerConfigs = new ArrayList<>();
    private final List<BrokerNode> brokers = new ArrayList<>();
    // Set by startAll(); a stack is handed out only once they are (the console stays optional).
    private @Nullable Database database;
    private @Nullable AuthServer authServer;
    private @Nullable BrokerConsole console;
    private @Nullable String servicePassword;
    private boolean closed;

    private ParleyStack(StackConfig config, Clock clock) {
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Starts everything, in dependency order; on failure stops what did start and rethrows. */
    public static ParleyStack start(StackConfig config, Clock clock) {
        ParleyStack stack = new ParleyStack(config, clock);
        try {
            stack.startAll();
            return stack;
        } catch (RuntimeException | Error e) {
            stack.close();
            throw e;
        }
    }

    private void startAll() {
        Path dataDir = config.dataDir();
        createDirectories(dataDir);
        Map<String, String> secrets = loadOrCreateSecrets(dataDir.resolve(SECRETS_FILE));
        servicePassword = secret(secrets, "service-password");

        database = Database.start(DatabaseConfig.embedded(dataDir.resolve("db")));

        Path authDir = dataDir.resolve("auth");
        byte[] tokenPublicKey;
        try {
            // The brokers need the token key before the auth server runs; the auth server then
            // loads the same files.
            tokenPublicKey =
                    ServerKeys.loadOrCreate(authDir, new SecureRandom()).signingPublicKey();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot use " + authDir + ": " + e.getMessage(), e);
        }

        List<Integer> ports = brokerPorts();
        // The brokers ask the auth server about accounts, so its URL must be known before either
        // starts.
        int authPort = config.authPort() == 0 ? freePort(config.host()) : config.authPort();
        URI authUrl =
                URI.create(
                        "http://"
                                + (config.host().contains(":")
                                        ? "[" + config.host() + "]"
                                        : config.host())
                                + ":"
                                + authPort);
        for (int i = 0; i < config.brokerCount(); i++) {
            List<String> peers = new ArrayList<>();
            for (int j = 0; j < ports.size(); j++) {
                if (j != i) {
                    peers.add(config.host() + ":" + ports.get(j));
                }
            }
            brokerConfigs.add(
                    BrokerNodeConfig.builder()
                            .nodeId("broker-" + (i + 1))
                            .host(config.host())
                            .port(ports.get(i))
                            .dataDir(dataDir.resolve("broker-" + (i + 1)))
                            .peers(peers)
                            .tokenPublicKey(tokenPublicKey)
                            .clusterPassword(secret(secrets, "cluster-password"))
                            .servicePassword(servicePassword)
                            .authUrl(authUrl)
                            .build());
        }
        for (BrokerNodeConfig brokerConfig : brokerConfigs) {
            BrokerNode node = new BrokerNode(brokerConfig, clock);
            brokers.add(node);
            startNode(node);
        }

        Map<String, String> auth = new LinkedHashMap<>();
        auth.put(AuthServerConfig.DATA_DIR, authDir.toString());
        auth.put(AuthServerConfig.BIND_HOST, config.host());
        auth.put(AuthServerConfig.PORT, Integer.toString(authPort));
        auth.put(AuthServerConfig.TOKEN_TTL, config.tokenTtl().toSeconds() + "s");
        auth.put(AuthServerConfig.BROKERS, String.join(",", brokerUrls()));
        auth.put(AuthServerConfig.BROKER_SERVICE_PASSWORD, servicePassword);
        authServer = new AuthServer(AuthServerConfig.fromSettings(auth), database, clock).start();
        if (config.hasConsole()) {
            // One console for the JVM: it reads every node's MBeans from the one platform MBean
            // server.
            var operators = authServer.operators();
            try {
                console =
                        new BrokerConsole(
                                        new ConsoleConfig(
                                                config.host(),
                                                config.consolePort(),
                                                dataDir.resolve("console")),
                                        (user, password) ->
                                                operators.authenticateForConsole(
                                                        user, password, "console"))
                                .start();
            } catch (RuntimeException e) {
                // Chat does not depend on the console: a taken port leaves the stack running
                // without it.
                log.warn(
                        "The operators' console did not start, the stack runs without it: {}",
                        e.getMessage());
            }
        }
        log.info(
                "Parley stack ready: auth {} brokers {}{}",
                authServer.uri(),
                brokerUrls(),
                console == null ? "" : " console " + console.uri());
    }

    private static void startNode(BrokerNode node) {
        try {
            node.start();
        } catch (Exception e) {
            throw new IllegalStateException(
                    "Broker " + node + " did not start: " + e.getMessage(), e);
        }
    }

    public URI authUri() {
        return started(authServer).uri();
    }

    /** {@code tcp://host:port} of every node, node 1 first. */
    public List<String> brokerUrls() {
        return brokerConfigs.stream().map(BrokerNodeConfig::url).toList();
    }

    public BrokerNode broker(int index) {
        return brokers.get(index);
    }

    public int brokerCount() {
        return brokers.size();
    }

    public Database database() {
        return started(database);
    }

    public AuthServer authServer() {
        return started(authServer);
    }

    /** The operators' Artemis console, if this stack runs one. */
    public java.util.Optional<BrokerConsole> console() {
        return java.util.Optional.ofNullable(console);
    }

    /** The admin page of the auth server. */
    public URI adminUri() {
        return started(authServer).uri().resolve("/admin");
    }

    public StackConfig config() {
        return config;
    }

    /**
     * The brokers' {@code parley-service} password (management probes), for operators' tools and
     * tests.
     */
    public String servicePassword() {
        return started(servicePassword);
    }

    private static <T> T started(@Nullable T part) {
        return Objects.requireNonNull(part, "a stack is handed out only once started");
    }

    /** Stops one node (its journal stays on disk), for failover tests and maintenance. */
    public synchronized void stopBroker(int index) throws Exception {
        brokers.get(index).stop();
    }

    /** Starts node {@code index} again on the same port and journal. */
    public synchronized void restartBroker(int index) {
        BrokerNode old = brokers.get(index);
        if (old.isRunning()) {
            throw new IllegalStateException("Broker " + (index + 1) + " is running");
        }
        BrokerNode node = new BrokerNode(brokerConfigs.get(index), clock);
        brokers.set(index, node);
        startNode(node);
    }

    /** Stops the auth server, then the brokers, then the database. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (console != null) {
            console.close();
        }
        if (authServer != null) {
            authServer.close();
        }
        for (int i = brokers.size() - 1; i >= 0; i--) {
            try {
                brokers.get(i).close();
            } catch (Exception e) {
                log.warn("Stopping broker {} failed", i + 1, e);
            }
        }
        if (database != null) {
            database.close();
        }
    }

    private List<Integer> brokerPorts() {
        List<Integer> ports = new ArrayList<>();
        for (int i = 0; i < config.brokerCount(); i++) {
            ports.add(
                    config.brokerBasePort() == 0
                            ? freePort(config.host())
                            : config.brokerBasePort() + i);
        }
        return ports;
    }

    // Peers must know each other's ports before any node starts, so ephemeral ports are chosen up
    // front.
    private static int freePort(String host) {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(host))) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free port on " + host + ": " + e.getMessage(), e);
        }
    }

    private static String secret(Map<String, String> secrets, String name) {
        return Objects.requireNonNull(secrets.get(name), "loadOrCreateSecrets makes every secret");
    }

    /** Cluster and service passwords, made once per data dir and kept owner-only. */
    static Map<String, String> loadOrCreateSecrets(Path file) {
        Properties properties = new Properties();
        try {
            if (Files.exists(file)) {
                try (InputStream in = Files.newInputStream(file)) {
                    properties.load(in);
                }
            }
            boolean changed = false;
            for (String name : List.of("cluster-password", "service-password")) {
                if (properties.getProperty(name, "").length()
                        < BrokerNodeConfig.MIN_PASSWORD_LENGTH) {
                    byte[] random = new byte[24];
                    new SecureRandom().nextBytes(random);
                    properties.setProperty(
                            name, Base64.getUrlEncoder().withoutPadding().encodeToString(random));
                    changed = true;
                }
            }
            if (changed) {
                Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
                try (OutputStream out = Files.newOutputStream(tmp)) {
                    properties.store(out, "Parley stack secrets: keep private");
                }
                restrictToOwner(tmp);
                Files.move(
                        tmp,
                        file,
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "Cannot read or write " + file + ": " + e.getMessage(), e);
        }
        Map<String, String> secrets = new LinkedHashMap<>();
        for (String name : properties.stringPropertyNames()) {
            secrets.put(name, properties.getProperty(name));
        }
        return secrets;
    }

    private static void restrictToOwner(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system (Windows): the user's profile directory is private already.
        }
    }

    private static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create " + dir + ": " + e.getMessage(), e);
        }
    }
}
