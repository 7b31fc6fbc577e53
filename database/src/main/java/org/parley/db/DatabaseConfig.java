package org.parley.db;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.parley.config.ConfigException;
import org.parley.config.Secret;

/**
 * Where the database is: either an external PostgreSQL reached by {@code jdbcUrl} (production), or
 * an embedded PostgreSQL whose files live under {@code embeddedDataDir} (the local default).
 *
 * <p>Embedded mode: the cluster lives in {@code embeddedDataDir/pgdata}; {@code user} and {@code
 * password} must be null because the embedded server makes and keeps its own credentials (see
 * {@link Database}). {@code embeddedPort} 0 picks a free loopback port at each start.
 *
 * <p>{@link #toString()} shows neither the password nor the URL's query string (which may hold
 * one).
 */
public record DatabaseConfig(
        @Nullable String jdbcUrl,
        @Nullable String user,
        @Nullable Secret password,
        @Nullable Path embeddedDataDir,
        int embeddedPort,
        int maxPoolSize) {

    public static final String JDBC_PREFIX = "jdbc:postgresql:";
    public static final int DEFAULT_MAX_POOL_SIZE = 10;
    public static final int MAX_POOL_SIZE_LIMIT = 100;

    public DatabaseConfig {
        List<String> problems = new ArrayList<>();
        if (jdbcUrl != null && embeddedDataDir != null) {
            problems.add(
                    "Give either jdbcUrl (external PostgreSQL) or embeddedDataDir (embedded PostgreSQL), not both");
        }
        if (jdbcUrl == null && embeddedDataDir == null) {
            problems.add(
                    "Give either jdbcUrl (external PostgreSQL) or embeddedDataDir (embedded PostgreSQL)");
        }
        if (jdbcUrl != null) {
            // Deliberately not echoing the URL: it may carry a password.
            if (!jdbcUrl.startsWith(JDBC_PREFIX)) {
                problems.add("jdbcUrl must start with '" + JDBC_PREFIX + "'");
            } else if (jdbcUrl.length() == JDBC_PREFIX.length()
                    || jdbcUrl.chars().anyMatch(Character::isWhitespace)) {
                problems.add(
                        "jdbcUrl must name a database after '"
                                + JDBC_PREFIX
                                + "' and contain no whitespace");
            }
            if (embeddedPort != 0) {
                problems.add(
                        "embeddedPort applies to the embedded database only; use 0 with jdbcUrl");
            }
        } else if (embeddedDataDir != null) {
            if (user != null || password != null) {
                problems.add(
                        "user and password must be null for the embedded database: it makes and keeps its own credentials");
            }
            if (embeddedPort < 0 || embeddedPort > 65535) {
                problems.add(
                        "embeddedPort must be 0 (pick a free port) or 1..65535, was "
                                + embeddedPort);
            }
            embeddedDataDir = embeddedDataDir.toAbsolutePath().normalize();
        }
        if (maxPoolSize < 1 || maxPoolSize > MAX_POOL_SIZE_LIMIT) {
            problems.add(
                    "maxPoolSize must be 1.."
                            + MAX_POOL_SIZE_LIMIT
                            + " (default "
                            + DEFAULT_MAX_POOL_SIZE
                            + "), was "
                            + maxPoolSize);
        }
        ConfigException.throwIfAny(problems);
    }

    /**
     * Embedded PostgreSQL with its files under {@code dataDir} (cluster in {@code dataDir/pgdata}),
     * a free port each start.
     */
    public static DatabaseConfig embedded(Path dataDir) {
        if (dataDir == null) {
            throw new IllegalArgumentException("dataDir is required for the embedded database");
        }
        return new DatabaseConfig(null, null, null, dataDir, 0, DEFAULT_MAX_POOL_SIZE);
    }

    /**
     * An external PostgreSQL. {@code user} and {@code password} may be null when the URL or the
     * server provides them.
     */
    public static DatabaseConfig external(
            String jdbcUrl, @Nullable String user, @Nullable Secret password) {
        if (jdbcUrl == null) {
            throw new IllegalArgumentException("jdbcUrl is required for an external database");
        }
        return new DatabaseConfig(jdbcUrl, user, password, null, 0, DEFAULT_MAX_POOL_SIZE);
    }

    /** The same configuration with another pool size (1..100). */
    public DatabaseConfig withMaxPoolSize(int size) {
        return new DatabaseConfig(jdbcUrl, user, password, embeddedDataDir, embeddedPort, size);
    }

    /** The same embedded configuration on a fixed port (0 = pick a free one each start). */
    public DatabaseConfig withEmbeddedPort(int port) {
        return new DatabaseConfig(jdbcUrl, user, password, embeddedDataDir, port, maxPoolSize);
    }

    public boolean isEmbedded() {
        return embeddedDataDir != null;
    }

    @Override
    public String toString() {
        if (jdbcUrl == null) {
            return "DatabaseConfig[embedded, dataDir="
                    + embeddedDataDir
                    + ", port="
                    + (embeddedPort == 0 ? "auto" : embeddedPort)
                    + ", maxPoolSize="
                    + maxPoolSize
                    + "]";
        }
        return "DatabaseConfig[external, jdbcUrl="
                + redactUrl(jdbcUrl)
                + ", user="
                + user
                + ", password="
                + password
                + ", maxPoolSize="
                + maxPoolSize
                + "]";
    }

    /** The URL without its query string (which may hold a password). */
    static String redactUrl(String url) {
        int q = url.indexOf('?');
        return q < 0 ? url : url.substring(0, q) + "?***";
    }
}
