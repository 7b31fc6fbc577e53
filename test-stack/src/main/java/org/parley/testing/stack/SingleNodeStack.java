package org.parley.testing.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.parley.auth.AuthServer;
import org.parley.auth.AuthServerConfig;
import org.parley.auth.accounts.ServerKeys;
import org.parley.broker.BrokerNode;
import org.parley.broker.BrokerNodeConfig;
import org.parley.db.Database;
import org.parley.db.DatabaseConfig;

/**
 * An embedded database, one broker node and an auth server in this JVM, each reachable on its own:
 * for the fault tests that stop the database under a running auth server or tune the broker's
 * limits, which a {@link LocalStack} (a two-node cluster with the product's settings) cannot do.
 * Closing it closes the auth server, the database and the broker.
 */
// close() throws Exception because the parts it closes do; tests close it from try-with-resources.
@SuppressWarnings("try")
public final class SingleNodeStack implements AutoCloseable {
    public final Database database;
    public final BrokerNode broker;
    public final AuthServer auth;

    private SingleNodeStack(Database database, BrokerNode broker, AuthServer auth) {
        this.database = database;
        this.broker = broker;
        this.auth = auth;
    }

    /**
     * Starts the three on {@code dir}; {@code brokerOptions} adds to the broker's configuration
     * (limits, for one).
     */
    public static SingleNodeStack start(
            Path dir, String nodeId, UnaryOperator<BrokerNodeConfig.Builder> brokerOptions)
            throws Exception {
        Path authDir = dir.resolve("auth");
        ServerKeys keys = ServerKeys.loadOrCreate(authDir, new SecureRandom());
        BrokerNode broker =
                new BrokerNode(
                        brokerOptions
                                .apply(
                                        BrokerNodeConfig.builder()
                                                .nodeId(nodeId)
                                                .host("127.0.0.1")
                                                .port(freePort())
                                                .dataDir(dir.resolve("broker"))
                                                .tokenPublicKey(keys.signingPublicKey())
                                                .clusterPassword(
                                                        "cluster-password-" + System.nanoTime())
                                                .servicePassword(
                                                        "service-password-" + System.nanoTime()))
                                .build(),
                        Clock.systemUTC());
        broker.start();
        Database database = null;
        try {
            database = Database.start(DatabaseConfig.embedded(dir.resolve("db")));
            AuthServer auth =
                    new AuthServer(
                                    AuthServerConfig.fromSettings(
                                            Map.of(
                                                    AuthServerConfig.DATA_DIR, authDir.toString(),
                                                    AuthServerConfig.PORT, "0",
                                                    AuthServerConfig.BROKERS, broker.url())),
                                    database,
                                    Clock.systemUTC())
                            .start();
            return new SingleNodeStack(database, broker, auth);
        } catch (RuntimeException | Error e) {
            if (database != null) {
                database.close();
            }
            broker.stop();
            throw e;
        }
    }

    public URI uri() {
        return auth.uri();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws Exception {
        try {
            auth.close();
            database.close();
        } finally {
            broker.stop();
        }
    }
}
