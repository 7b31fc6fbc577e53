package org.parley.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.jspecify.annotations.Nullable;
import org.parley.auth.accounts.AccountService;
import org.parley.auth.accounts.AccountStore;
import org.parley.auth.accounts.AuthApi;
import org.parley.auth.accounts.BrokerDirectory;
import org.parley.auth.accounts.DeviceCookies;
import org.parley.auth.accounts.JdbcAccountStore;
import org.parley.auth.accounts.LoadBalancingBrokerDirectory;
import org.parley.auth.accounts.PasswordHasher;
import org.parley.auth.accounts.ServerKeys;
import org.parley.auth.accounts.SessionLogout;
import org.parley.auth.accounts.SignupChallenges;
import org.parley.auth.accounts.StaticBrokerDirectory;
import org.parley.auth.accounts.TokenService;
import org.parley.auth.admin.AccountAdmin;
import org.parley.auth.admin.AccountAdminStore;
import org.parley.auth.admin.AdminApi;
import org.parley.auth.admin.AdminHandler;
import org.parley.auth.admin.AdminSessions;
import org.parley.auth.admin.AuditLog;
import org.parley.auth.admin.BrokerFleet;
import org.parley.auth.admin.JdbcAccountAdminStore;
import org.parley.auth.admin.JdbcAuditLog;
import org.parley.auth.admin.JdbcOperatorStore;
import org.parley.auth.admin.OperatorService;
import org.parley.auth.admin.RevocationSync;
import org.parley.auth.devices.DeviceRoutes;
import org.parley.auth.devices.DeviceService;
import org.parley.auth.devices.JdbcDeviceStore;
import org.parley.auth.directory.DirectoryRoutes;
import org.parley.auth.directory.JdbcPresenceViewers;
import org.parley.auth.groups.GroupRoutes;
import org.parley.auth.groups.GroupService;
import org.parley.auth.groups.JdbcGroupStore;
import org.parley.auth.http.ApiHandler;
import org.parley.auth.http.JsonErrorHandler;
import org.parley.auth.security.BoundedWorker;
import org.parley.auth.security.LoginThrottle;
import org.parley.auth.security.RevokedTokens;
import org.parley.broker.BrokerStatusProbe;
import org.parley.config.Secret;
import org.parley.db.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The auth server's bootstrap: every component is made here, by constructor, in dependency order,
 * and closed here in reverse. Nothing else news up a service.
 */
public final class AuthServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AuthServer.class);

    /** A node that takes longer than this to say how loaded it is counts as down for this login. */
    private static final Duration BROKER_PROBE_TIMEOUT = Duration.ofMillis(750);

    private static final Duration BROKER_STATUS_MAX_AGE = Duration.ofSeconds(1);

    /** Per broker call of the admin page (statistics, revocations); a slower node shows as down. */
    private static final Duration ADMIN_BROKER_TIMEOUT = Duration.ofSeconds(2);

    private final AuthServerConfig config;
    private final Clock clock;
    private final @Nullable Database sharedDatabase;

    // Set by start(), null before it (and after a failed start, for those it did not reach).
    private @Nullable Database database;
    private boolean ownsDatabase;
    private @Nullable ExecutorService bcryptExecutor;
    private @Nullable ExecutorService probeExecutor;
    private @Nullable ExecutorService adminExecutor;
    private java.util.concurrent.@Nullable ScheduledExecutorService revocationScheduler;
    private @Nullable OperatorService operators;
    private @Nullable Server jetty;
    private @Nullable ServerKeys keys;
    private @Nullable URI uri;
    private boolean closed;

    /**
     * A server with its own database: embedded PostgreSQL under the data dir, or {@code jdbcUrl}.
     */
    public AuthServer(AuthServerConfig config, Clock clock) {
        this(config, null, clock);
    }

    /**
     * A server on a database someone else started and will close (tests, {@code parley-server
     * stack}); the config's JDBC settings are ignored.
     */
    public AuthServer(AuthServerConfig config, @Nullable Database database, Clock clock) {
        this.config = Objects.requireNonNull(config, "config");
        this.sharedDatabase = database;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Opens the database, loads or makes the server keys and starts listening.
     *
     * @throws IllegalStateException if already started or closed
     * @throws org.parley.db.DatabaseException if the database cannot be started or reached
     * @throws UncheckedIOException if the data dir or key files cannot be used
     * @throws IllegalStateException if the HTTP server cannot listen (port taken, bad host)
     */
    public synchronized AuthServer start() {
        if (jetty != null || closed) {
            throw new IllegalStateException("The auth server can be started once");
        }
        try {
            SecureRandom random = new SecureRandom();
            keys = loadKeys(random);
            database =
                    sharedDatabase != null
                            ? sharedDatabase
                            : Database.start(config.databaseConfig());
            ownsDatabase = sharedDatabase == null;

            bcryptExecutor =
                    Executors.newFixedThreadPool(
                            config.bcryptThreads(), daemonThreads("parley-bcrypt-"));
            BoundedWorker bcryptWorker =
                    new BoundedWorker(bcryptExecutor, config.bcryptMaxInFlight());
            PasswordHasher hasher = new PasswordHasher(bcryptWorker, random);
            AccountStore accounts = new JdbcAccountStore(database.dataSource());
            LoginThrottle throttle = new LoginThrottle(config.throttle(), clock);
            RevokedTokens revokedTokens = new RevokedTokens(database.dataSource(), clock);
            TokenService tokens =
                    new TokenService(keys, accounts, revokedTokens, config.tokenTtl(), clock);
            BrokerDirectory brokers = brokerDirectory();
            AccountService accountService =
                    new AccountService(
                            accounts,
                            hasher,
                            throttle,
                            tokens,
                            brokers,
                            keys,
                            new DeviceCookies(keys, random, clock),
                            new SignupChallenges(keys, random, clock),
                            clock);
            GroupService groups =
                    new GroupService(
                            new JdbcGroupStore(database.dataSource()),
                            accounts,
                            config.groupMemberLimit());
            DeviceService devices =
                    new DeviceService(
                            new JdbcDeviceStore(database.dataSource()),
                            accounts,
                            config.maxDevices());
            adminExecutor = Executors.newCachedThreadPool(daemonThreads("parley-admin-broker-"));
            BrokerFleet fleet =
                    new BrokerFleet(
                            config.brokers().stream().map(URI::toString).toList(),
                            Secret.revealOrNull(config.brokerServicePassword()),
                            adminExecutor,
                            clock,
                            ADMIN_BROKER_TIMEOUT);
            SessionLogout logout = new SessionLogout(tokens, revokedTokens, fleet, clock);
            DirectoryRoutes directory =
                    new DirectoryRoutes(
                            accounts,
                            new JdbcPresenceViewers(database.dataSource()),
                            tokens,
                            Secret.revealOrNull(config.brokerServicePassword()));
            ApiHandler handler =
                    new ApiHandler(
                            directory.addTo(
                                    DeviceRoutes.addTo(
                                            GroupRoutes.addTo(
                                                    AuthApi.router(
                                                            accountService,
                                                            tokens,
                                                            logout,
                                                            database::isHealthy),
                                                    groups,
                                                    tokens),
                                            devices,
                                            tokens)),
                            config.maxBodyBytes());

            // Administration: operators (their own table, throttle and sessions), audit, broker
            // fleet.
            AuditLog audit = new JdbcAuditLog(database.dataSource());
            operators =
                    new OperatorService(
                            new JdbcOperatorStore(database.dataSource()),
                            audit,
                            bcryptWorker,
                            new LoginThrottle(config.throttle(), clock),
                            random,
                            clock);
            AccountAdminStore accountAdminStore = new JdbcAccountAdminStore(database.dataSource());
            AdminApi adminApi =
                    new AdminApi(
                            operators,
                            new AccountAdmin(accountAdminStore, fleet, clock),
                            audit,
                            new AdminSessions(
                                    random,
                                    clock,
                                    AdminSessions.DEFAULT_IDLE_TIMEOUT,
                                    AdminSessions.DEFAULT_MAX_AGE),
                            config.adminSecureCookie(),
                            Secret.revealOrNull(config.brokerServicePassword()),
                            clock);
            Handler root =
                    new AdminHandler(
                            new ApiHandler(adminApi.router(), config.maxBodyBytes()), handler);

            jetty = newJetty(root);
            startJetty(jetty);
            if (fleet.reachable()) {
                revocationScheduler =
                        Executors.newSingleThreadScheduledExecutor(
                                daemonThreads("parley-revocation-sync-"));
                new RevocationSync(accountAdminStore, revokedTokens, fleet, clock)
                        .schedule(revocationScheduler, config.revocationSyncInterval());
            }
            ServerConnector connector = (ServerConnector) jetty.getConnectors()[0];
            uri =
                    URI.create(
                            "http://"
                                    + hostForUri(config.bindHost())
                                    + ":"
                                    + connector.getLocalPort());
            log.info("Auth server listening at {} (data: {})", uri, config.dataDir());
            return this;
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    /**
     * Balanced by logged-in users per node (not connections, which one user can multiply) when the
     * brokers' service password is known, else the list as configured.
     */
    private BrokerDirectory brokerDirectory() {
        String servicePassword = Secret.revealOrNull(config.brokerServicePassword());
        if (servicePassword == null || config.brokers().isEmpty()) {
            return new StaticBrokerDirectory(config.brokers());
        }
        probeExecutor = Executors.newCachedThreadPool(daemonThreads("parley-broker-probe-"));
        List<String> urls = config.brokers().stream().map(URI::toString).toList();
        return new LoadBalancingBrokerDirectory(
                urls,
                url ->
                        BrokerStatusProbe.onlineUserCount(
                                url, servicePassword, BROKER_PROBE_TIMEOUT),
                probeExecutor,
                clock,
                BROKER_STATUS_MAX_AGE);
    }

    private ServerKeys loadKeys(SecureRandom random) {
        try {
            return ServerKeys.loadOrCreate(config.dataDir(), random);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "Cannot use the data directory " + config.dataDir() + ": " + e.getMessage(), e);
        }
    }

    private void startJetty(Server server) {
        try {
            server.start();
        } catch (Exception e) {
            throw new IllegalStateException(
                    "Cannot listen on "
                            + config.bindHost()
                            + ":"
                            + config.port()
                            + ": "
                            + e.getMessage(),
                    e);
        }
    }

    /** Where the API listens, with the real port (also when configured as 0). */
    public synchronized URI uri() {
        if (uri == null) {
            throw new IllegalStateException("The auth server is not started");
        }
        return uri;
    }

    /** The token signing key's public half, as written to {@code auth-signing.pub}. */
    public synchronized byte[] signingPublicKey() {
        if (keys == null) {
            throw new IllegalStateException("The auth server is not started");
        }
        return keys.signingPublicKey();
    }

    public AuthServerConfig config() {
        return config;
    }

    /**
     * Operator password checks, for a broker console in the same JVM ({@code parley-server stack}).
     */
    public synchronized OperatorService operators() {
        if (operators == null) {
            throw new IllegalStateException("The auth server is not started");
        }
        return operators;
    }

    /**
     * Stops accepting requests, lets running ones finish, then stops the database if it is ours.
     * Idempotent.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (jetty != null) {
            try {
                jetty.stop();
            } catch (Exception e) {
                log.warn("Stopping the HTTP server failed", e);
            }
        }
        if (bcryptExecutor != null) {
            bcryptExecutor.shutdownNow();
            try {
                bcryptExecutor.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (probeExecutor != null) {
            probeExecutor.shutdownNow();
        }
        if (revocationScheduler != null) {
            revocationScheduler.shutdownNow();
        }
        if (adminExecutor != null) {
            adminExecutor.shutdownNow();
        }
        if (ownsDatabase && database != null) {
            database.close();
        }
        if (uri != null) {
            log.info("Auth server at {} stopped", uri);
        }
    }

    private Server newJetty(Handler handler) {
        QueuedThreadPool threads = new QueuedThreadPool(200, 8);
        threads.setName("parley-auth-http");
        Server server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost(config.bindHost());
        connector.setPort(config.port());
        connector.setIdleTimeout(30_000);
        server.addConnector(connector);
        server.setErrorHandler(new JsonErrorHandler());
        // Requests in flight get up to the stop timeout to finish on close(); new ones are refused.
        server.setHandler(new GracefulHandler(handler));
        server.setStopTimeout(5_000);
        return server;
    }

    private static String hostForUri(String host) {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
