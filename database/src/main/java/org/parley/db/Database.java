package org.parley.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import com.zaxxer.hikari.pool.HikariPool;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.jspecify.annotations.Nullable;
import org.parley.config.Secret;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Parley's database: a HikariCP pool over PostgreSQL whose schema Flyway has brought up to date
 * ({@code classpath:db/migration}).
 *
 * <p>{@link #start(DatabaseConfig)} either starts the embedded PostgreSQL under the configured data
 * directory (kept across restarts; a crashed earlier run is cleaned up) or connects to an external
 * one. Pool behaviour callers can rely on: a connection is handed out within {@value
 * #CONNECTION_TIMEOUT_MS} ms or {@link SQLException} (an {@code SQLTransientConnectionException})
 * is thrown, so requests fail fast while the database is down, and the pool reconnects by itself
 * when it comes back.
 *
 * <p>Thread-safe.
 */
public final class Database implements AutoCloseable {

    /** How long {@code dataSource().getConnection()} waits for a connection before throwing. */
    public static final long CONNECTION_TIMEOUT_MS = 5_000;

    /** How long {@link #isHealthy()} may take, at most about twice this. */
    public static final long HEALTH_TIMEOUT_MS = 1_000;

    /**
     * System property: where the embedded database unpacks the PostgreSQL binaries instead of
     * {@code <embeddedDataDir>/pg-bin} (for a data directory on a {@code noexec} mount, or to share
     * one unpacked copy between test runs). Must be private to the user running Parley.
     */
    public static final String BINARIES_DIR_PROPERTY = "parley.db.binariesDir";

    static final String MIGRATIONS = "classpath:db/migration";

    private static final Logger log = LoggerFactory.getLogger(Database.class);

    private final DatabaseConfig config;
    private final @Nullable EmbeddedServer embedded;
    private final HikariDataSource pool;
    private final String jdbcUrl;
    private final @Nullable String user;
    private final @Nullable String password;
    private volatile boolean closed;

    private Database(
            DatabaseConfig config,
            @Nullable EmbeddedServer embedded,
            HikariDataSource pool,
            String jdbcUrl,
            @Nullable String user,
            @Nullable String password) {
        this.config = config;
        this.embedded = embedded;
        this.pool = pool;
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
    }

    /**
     * Starts (embedded) or connects to (external) PostgreSQL, opens the pool and migrates the
     * schema.
     *
     * @throws DatabaseException with a message for a person when any step fails; nothing is left
     *     running then
     */
    public static Database start(DatabaseConfig config) {
        Objects.requireNonNull(config, "config");
        EmbeddedServer server = null;
        HikariDataSource pool = null;
        try {
            String url;
            @Nullable String user;
            @Nullable String password;
            Path embeddedDataDir = config.embeddedDataDir();
            if (embeddedDataDir != null) {
                server = EmbeddedServer.open(embeddedDataDir, config.embeddedPort());
                url = server.jdbcUrl();
                user = server.user();
                password = server.password();
            } else {
                // A config without an embedded directory has a URL (DatabaseConfig checks).
                url = Objects.requireNonNull(config.jdbcUrl());
                user = config.user();
                password = Secret.revealOrNull(config.password());
            }
            pool = createPool(url, user, password, config.maxPoolSize());
            migrate(url, user, password);
            log.info(
                    "Database ready: {}",
                    config.isEmbedded() ? "embedded, " + url : DatabaseConfig.redactUrl(url));
            return new Database(config, server, pool, url, user, password);
        } catch (RuntimeException | Error e) {
            if (pool != null) {
                pool.close();
            }
            if (server != null) {
                server.close();
            }
            if (e instanceof DatabaseException || e instanceof Error) {
                throw e;
            }
            throw new DatabaseException("Cannot start the database: " + e.getMessage(), e);
        }
    }

    private static HikariDataSource createPool(
            String url, @Nullable String user, @Nullable String password, int maxPoolSize) {
        HikariConfig hc = new HikariConfig();
        hc.setPoolName("parley-db");
        hc.setJdbcUrl(url);
        hc.setUsername(user);
        hc.setPassword(password);
        hc.setMaximumPoolSize(maxPoolSize);
        hc.setMinimumIdle(Math.min(2, maxPoolSize));
        hc.setConnectionTimeout(CONNECTION_TIMEOUT_MS);
        hc.setValidationTimeout(2_000);
        hc.setInitializationFailTimeout(
                1); // start() fails (after one try and ~1 s) when the server is unreachable
        hc.addDataSourceProperty("ApplicationName", "parley");
        hc.addDataSourceProperty("connectTimeout", "5"); // seconds
        hc.addDataSourceProperty("loginTimeout", "10"); // seconds
        hc.addDataSourceProperty("tcpKeepAlive", "true");
        try {
            return new HikariDataSource(hc);
        } catch (RuntimeException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new DatabaseException(
                    "Cannot connect to PostgreSQL at "
                            + DatabaseConfig.redactUrl(url)
                            + (user == null ? "" : " as " + user)
                            + ": "
                            + cause.getMessage(),
                    e);
        }
    }

    /**
     * Flyway gets its own unpooled connections: it holds one for the schema-history lock while it
     * migrates on another, which would deadlock a pool of one.
     */
    private static void migrate(String url, @Nullable String user, @Nullable String password) {
        try {
            PGSimpleDataSource unpooled = new PGSimpleDataSource();
            unpooled.setURL(url);
            if (user != null) {
                unpooled.setUser(user);
            }
            if (password != null) {
                unpooled.setPassword(password);
            }
            unpooled.setApplicationName("parley-migrations");
            unpooled.setConnectTimeout(5);
            MigrateResult result =
                    Flyway.configure(Database.class.getClassLoader())
                            .dataSource(unpooled)
                            .locations(MIGRATIONS)
                            .failOnMissingLocations(true)
                            .baselineOnMigrate(false)
                            .validateOnMigrate(true)
                            .validateMigrationNaming(true)
                            .cleanDisabled(true)
                            .load()
                            .migrate();
            if (result.migrationsExecuted > 0) {
                log.info(
                        "Applied {} migration(s); schema now at version {}",
                        result.migrationsExecuted,
                        result.targetSchemaVersion);
            }
        } catch (RuntimeException e) {
            throw new DatabaseException(
                    "Migrating the schema of "
                            + DatabaseConfig.redactUrl(url)
                            + " failed: "
                            + e.getMessage(),
                    e);
        }
    }

    /**
     * The pooled data source. Connections come with auto-commit on; {@code close()} them to return
     * them.
     */
    public DataSource dataSource() {
        return pool;
    }

    /**
     * The JDBC URL in use, with the real port when embedded (e.g. {@code
     * jdbc:postgresql://localhost:41234/parley}).
     */
    public String jdbcUrl() {
        return jdbcUrl;
    }

    public DatabaseConfig config() {
        return config;
    }

    public boolean isEmbedded() {
        return embedded != null;
    }

    /**
     * How another process (or another {@code Database}) can reach this same database as an external
     * one: {@link #jdbcUrl()} with the application role's credentials. For an external database,
     * the configured values.
     */
    public DatabaseConfig externalConfig() {
        return DatabaseConfig.external(jdbcUrl, user, Secret.ofNullable(password))
                .withMaxPoolSize(config.maxPoolSize());
    }

    /**
     * A quick {@code SELECT 1} through the pool: true when the database answers within about {@link
     * #HEALTH_TIMEOUT_MS} ms. Never throws; false once closed.
     */
    public boolean isHealthy() {
        if (closed) {
            return false;
        }
        try (Connection c = borrow(HEALTH_TIMEOUT_MS);
                Statement st = c.createStatement()) {
            st.setQueryTimeout((int) Math.max(1, HEALTH_TIMEOUT_MS / 1000));
            return st.execute("SELECT 1");
        } catch (SQLException | RuntimeException e) {
            log.debug("Health check failed: {}", e.toString());
            return false;
        }
    }

    private Connection borrow(long timeoutMs) throws SQLException {
        HikariPoolMXBean mx = pool.getHikariPoolMXBean();
        if (mx instanceof HikariPool hikari) {
            return hikari.getConnection(timeoutMs);
        }
        return pool.getConnection();
    }

    /**
     * Stops the embedded PostgreSQL process, keeping the pool (which then fails fast and keeps
     * trying to reconnect). For fault tests and maintenance. Embedded only.
     */
    public synchronized void stopEmbeddedServer() {
        EmbeddedServer server = requireEmbedded("stopEmbeddedServer");
        server.stop();
        pool.getHikariPoolMXBean().softEvictConnections();
    }

    /**
     * Starts the embedded PostgreSQL again on the same port and data directory; the pool reconnects
     * by itself within a few seconds. No-op when it is running. Embedded only.
     *
     * @throws DatabaseException when it cannot start (for example the port has been taken
     *     meanwhile)
     */
    public synchronized void startEmbeddedServer() {
        EmbeddedServer server = requireEmbedded("startEmbeddedServer");
        if (server.isRunning()) {
            return;
        }
        server.start();
        pool.getHikariPoolMXBean().softEvictConnections();
    }

    private EmbeddedServer requireEmbedded(String what) {
        if (embedded == null) {
            throw new IllegalStateException(what + " is only valid for the embedded database");
        }
        if (closed) {
            throw new IllegalStateException("The database has been closed");
        }
        return embedded;
    }

    /** Closes the pool, then stops the embedded PostgreSQL cleanly. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            pool.close();
        } finally {
            if (embedded != null) {
                embedded.close();
            }
        }
    }

    @Override
    public String toString() {
        return "Database["
                + (isEmbedded()
                        ? "embedded " + jdbcUrl
                        : "external " + DatabaseConfig.redactUrl(jdbcUrl))
                + (closed ? ", closed" : "")
                + "]";
    }
}
