package org.parley.auth;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.parley.auth.security.LoginThrottle;
import org.parley.config.ConfigException;
import org.parley.config.DataDirs;
import org.parley.config.Secret;
import org.parley.config.Settings;
import org.parley.crypto.DeviceChain;
import org.parley.db.DatabaseConfig;

/**
 * Everything the auth server can be told. Built from a properties file, then {@code PARLEY_AUTH_*}
 * environment variables, then command-line flags (later sources win); see {@code
 * parley-auth.sample.properties} for every key.
 *
 * @param bindHost interface to listen on
 * @param port TCP port; 0 picks a free one
 * @param dataDir signing key, server secret and (without {@code jdbcUrl}) the embedded database
 * @param jdbcUrl external PostgreSQL, or null for embedded PostgreSQL under {@code dataDir}
 * @param jdbcUser user for {@code jdbcUrl}, or null
 * @param jdbcPassword password for {@code jdbcUrl}, or null
 * @param tokenTtl session token lifetime
 * @param throttle login failure limits
 * @param brokers broker URLs handed to every client at login, in order of preference
 * @param maxBodyBytes largest request body accepted
 * @param bcryptThreads threads doing bcrypt at once (CPU cap)
 * @param bcryptMaxInFlight bcrypt jobs running or waiting before new ones get 503 {@code busy}
 * @param brokerServicePassword the brokers' {@code parley-service} password; when set, logins are
 *     balanced by live connection counts and the admin page can read broker statistics and push
 *     revocations
 * @param adminSecureCookie mark the admin session cookie Secure even on plain HTTP (TLS ends at a
 *     proxy in front); over HTTPS it is Secure anyway
 * @param revocationSyncInterval how often revocations still in force are re-sent to every broker
 *     node
 * @param groupMemberLimit most members a group may have (2 to 1024)
 * @param maxDevices most devices an account may list at once (1 to {@link DeviceChain#MAX_DEVICES})
 */
public record AuthServerConfig(
        String bindHost,
        int port,
        Path dataDir,
        @Nullable String jdbcUrl,
        @Nullable String jdbcUser,
        @Nullable Secret jdbcPassword,
        Duration tokenTtl,
        LoginThrottle.Limits throttle,
        List<URI> brokers,
        int maxBodyBytes,
        int bcryptThreads,
        int bcryptMaxInFlight,
        @Nullable Secret brokerServicePassword,
        boolean adminSecureCookie,
        Duration revocationSyncInterval,
        int groupMemberLimit,
        int maxDevices) {

    public static final String ENV_PREFIX = "PARLEY_AUTH_";

    public static final String BIND_HOST = "bind-host";
    public static final String PORT = "port";
    public static final String DATA_DIR = "data-dir";
    public static final String JDBC_URL = "jdbc-url";
    public static final String JDBC_USER = "jdbc-user";
    public static final String JDBC_PASSWORD = "jdbc-password";
    public static final String TOKEN_TTL = "token-ttl";
    public static final String THROTTLE_USER_FAILURES = "throttle.user-failures";
    public static final String THROTTLE_ADDRESS_FAILURES = "throttle.address-failures";
    public static final String THROTTLE_WINDOW = "throttle.window";
    public static final String THROTTLE_MAX_TRACKED = "throttle.max-tracked";
    public static final String THROTTLE_USER_DELAY = "throttle.user-delay";
    public static final String THROTTLE_MAX_USER_DELAY = "throttle.max-user-delay";
    public static final String BROKERS = "brokers";
    public static final String MAX_BODY_BYTES = "max-body-bytes";
    public static final String BCRYPT_THREADS = "bcrypt.threads";
    public static final String BCRYPT_MAX_IN_FLIGHT = "bcrypt.max-in-flight";
    public static final String BROKER_SERVICE_PASSWORD = "broker-service-password";
    public static final String ADMIN_SECURE_COOKIE = "admin.secure-cookie";
    public static final String REVOCATION_SYNC_INTERVAL = "revocation-sync-interval";
    public static final String GROUP_MEMBER_LIMIT = "group.member-limit";
    public static final String DEVICES_MAX = "devices.max";

    public static final Set<String> KEYS =
            Set.of(
                    BIND_HOST,
                    PORT,
                    DATA_DIR,
                    JDBC_URL,
                    JDBC_USER,
                    JDBC_PASSWORD,
                    TOKEN_TTL,
                    THROTTLE_USER_FAILURES,
                    THROTTLE_ADDRESS_FAILURES,
                    THROTTLE_WINDOW,
                    THROTTLE_MAX_TRACKED,
                    THROTTLE_USER_DELAY,
                    THROTTLE_MAX_USER_DELAY,
                    BROKERS,
                    MAX_BODY_BYTES,
                    BCRYPT_THREADS,
                    BCRYPT_MAX_IN_FLIGHT,
                    BROKER_SERVICE_PASSWORD,
                    ADMIN_SECURE_COOKIE,
                    REVOCATION_SYNC_INTERVAL,
                    GROUP_MEMBER_LIMIT,
                    DEVICES_MAX);

    public static final String DEFAULT_BIND_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;
    public static final Duration DEFAULT_TOKEN_TTL = Duration.ofMinutes(15);
    public static final int DEFAULT_MAX_BODY_BYTES = 64 * 1024;
    public static final int DEFAULT_GROUP_MEMBER_LIMIT = 20;

    private static final Duration MIN_TOKEN_TTL = Duration.ofMinutes(1);
    private static final Duration MAX_TOKEN_TTL = Duration.ofHours(24);
    private static final int MIN_BODY_BYTES = 1024;
    private static final int MAX_BODY_LIMIT = 16 * 1024 * 1024;

    public AuthServerConfig {
        List<String> problems = new ArrayList<>();
        if (bindHost == null || bindHost.isBlank()) {
            problems.add(BIND_HOST + " must not be empty");
        }
        if (port < 0 || port > 65535) {
            problems.add(PORT + " must be between 0 and 65535, got " + port);
        }
        if (dataDir == null) {
            problems.add(DATA_DIR + " must be set");
        } else {
            dataDir = dataDir.toAbsolutePath().normalize();
        }
        jdbcUrl = blankToNull(jdbcUrl);
        jdbcUser = blankToNull(jdbcUser);
        if (jdbcUrl != null && !jdbcUrl.startsWith("jdbc:postgresql:")) {
            problems.add(
                    JDBC_URL + " must be a PostgreSQL JDBC URL (jdbc:postgresql://host:port/db)");
        }
        if (jdbcUrl == null && (jdbcUser != null || jdbcPassword != null)) {
            problems.add(
                    JDBC_USER
                            + "/"
                            + JDBC_PASSWORD
                            + " need "
                            + JDBC_URL
                            + "; the embedded database has its own");
        }
        if (tokenTtl == null
                || tokenTtl.compareTo(MIN_TOKEN_TTL) < 0
                || tokenTtl.compareTo(MAX_TOKEN_TTL) > 0) {
            problems.add(TOKEN_TTL + " must be between 1m and 24h, got " + tokenTtl);
        }
        if (throttle == null) {
            problems.add("throttle limits must be set");
        }
        if (brokers == null) {
            problems.add(BROKERS + " must be set (it may be empty)");
        } else {
            brokers = List.copyOf(brokers);
            for (URI broker : brokers) {
                if (broker.getScheme() == null || broker.getHost() == null) {
                    problems.add(
                            BROKERS
                                    + " entries must look like tcp://host:port, got '"
                                    + broker
                                    + "'");
                }
            }
        }
        if (maxBodyBytes < MIN_BODY_BYTES || maxBodyBytes > MAX_BODY_LIMIT) {
            problems.add(
                    MAX_BODY_BYTES
                            + " must be between "
                            + MIN_BODY_BYTES
                            + " and "
                            + MAX_BODY_LIMIT
                            + ", got "
                            + maxBodyBytes);
        }
        if (bcryptThreads < 1 || bcryptThreads > 256) {
            problems.add(BCRYPT_THREADS + " must be between 1 and 256, got " + bcryptThreads);
        }
        if (bcryptMaxInFlight < bcryptThreads) {
            problems.add(
                    BCRYPT_MAX_IN_FLIGHT
                            + " must be at least "
                            + BCRYPT_THREADS
                            + " ("
                            + bcryptThreads
                            + "), got "
                            + bcryptMaxInFlight);
        }
        if (revocationSyncInterval == null
                || revocationSyncInterval.compareTo(Duration.ofSeconds(1)) < 0
                || revocationSyncInterval.compareTo(Duration.ofHours(1)) > 0) {
            problems.add(
                    REVOCATION_SYNC_INTERVAL
                            + " must be between 1s and 1h, got "
                            + revocationSyncInterval);
        }
        if (groupMemberLimit < 2 || groupMemberLimit > 1024) {
            problems.add(
                    GROUP_MEMBER_LIMIT + " must be between 2 and 1024, got " + groupMemberLimit);
        }
        if (maxDevices < 1 || maxDevices > DeviceChain.MAX_DEVICES) {
            problems.add(
                    DEVICES_MAX
                            + " must be between 1 and "
                            + DeviceChain.MAX_DEVICES
                            + ", got "
                            + maxDevices);
        }
        ConfigException.throwIfAny(problems);
    }

    /** Defaults everywhere except the data directory: loopback, port 0, embedded database. */
    public static AuthServerConfig forDataDir(Path dataDir) {
        return fromSettings(Map.of(DATA_DIR, dataDir.toString(), PORT, "0"));
    }

    /**
     * Layers the sources: {@code file} (may be null), then environment variables named {@code
     * PARLEY_AUTH_<KEY>} (upper case, {@code .} and {@code -} as {@code _}), then {@code flags}
     * (keys as in the file).
     *
     * @throws ConfigException with every problem found
     */
    public static AuthServerConfig load(
            @Nullable Path file, Map<String, String> env, Map<String, String> flags) {
        return from(Settings.load(KEYS, ENV_PREFIX, file, env, flags));
    }

    /**
     * Parses and validates flat settings; unknown keys are an error (a typo must not be ignored).
     */
    public static AuthServerConfig fromSettings(Map<String, String> settings) {
        return from(Settings.of(KEYS, settings));
    }

    /**
     * @throws ConfigException with every problem found, those of {@code settings} included
     */
    public static AuthServerConfig from(Settings s) {
        int cores = Runtime.getRuntime().availableProcessors();
        LoginThrottle.Limits defaults = LoginThrottle.Limits.DEFAULT;
        int userFailures = s.integer(THROTTLE_USER_FAILURES, defaults.maxFailuresPerUser());
        int addressFailures =
                s.integer(THROTTLE_ADDRESS_FAILURES, defaults.maxFailuresPerAddress());
        Duration window = withFallback(s.duration(THROTTLE_WINDOW, defaults.window()));
        int maxTracked = s.integer(THROTTLE_MAX_TRACKED, defaults.maxTrackedKeys());
        Duration userDelay = withFallback(s.duration(THROTTLE_USER_DELAY, defaults.userDelay()));
        Duration maxUserDelay =
                withFallback(s.duration(THROTTLE_MAX_USER_DELAY, defaults.maxUserDelay()));
        LoginThrottle.Limits throttle = defaults;
        try {
            throttle =
                    new LoginThrottle.Limits(
                            userFailures,
                            addressFailures,
                            window,
                            maxTracked,
                            userDelay,
                            maxUserDelay);
        } catch (IllegalArgumentException e) {
            s.problem("throttle: " + e.getMessage());
        }
        LoginThrottle.Limits limits = throttle;
        String bindHost = withFallback(s.string(BIND_HOST, DEFAULT_BIND_HOST));
        int port = s.integer(PORT, DEFAULT_PORT);
        Path dataDir =
                withFallback(s.path(DATA_DIR, DataDirs.userDataDir("parley").resolve("auth")));
        Duration tokenTtl = withFallback(s.duration(TOKEN_TTL, DEFAULT_TOKEN_TTL));
        List<URI> brokers =
                withFallback(
                        s.value(
                                BROKERS,
                                List.of(),
                                AuthServerConfig::parseUris,
                                "comma-separated URLs"));
        int maxBody = s.integer(MAX_BODY_BYTES, DEFAULT_MAX_BODY_BYTES);
        int bcryptThreads = s.integer(BCRYPT_THREADS, cores);
        int bcryptMaxInFlight = s.integer(BCRYPT_MAX_IN_FLIGHT, 8 * bcryptThreads);
        boolean adminSecureCookie = s.bool(ADMIN_SECURE_COOKIE, false);
        Duration revocationSync =
                withFallback(s.duration(REVOCATION_SYNC_INTERVAL, Duration.ofSeconds(60)));
        int groupMemberLimit = s.integer(GROUP_MEMBER_LIMIT, DEFAULT_GROUP_MEMBER_LIMIT);
        int maxDevices = s.integer(DEVICES_MAX, DeviceChain.DEFAULT_MAX_DEVICES);
        return s.build(
                () ->
                        new AuthServerConfig(
                                bindHost,
                                port,
                                dataDir,
                                s.string(JDBC_URL),
                                s.string(JDBC_USER),
                                s.secret(JDBC_PASSWORD),
                                tokenTtl,
                                limits,
                                brokers,
                                maxBody,
                                bcryptThreads,
                                bcryptMaxInFlight,
                                s.secret(BROKER_SERVICE_PASSWORD),
                                adminSecureCookie,
                                revocationSync,
                                groupMemberLimit,
                                maxDevices));
    }

    /**
     * The auth server's database: external when {@code jdbcUrl} is set, else embedded in the data
     * dir.
     */
    public DatabaseConfig databaseConfig() {
        return jdbcUrl != null
                ? DatabaseConfig.external(jdbcUrl, jdbcUser, jdbcPassword)
                : DatabaseConfig.embedded(dataDir);
    }

    private static List<URI> parseUris(String text) {
        List<URI> uris = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            String trimmed = part.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            try {
                uris.add(new URI(trimmed));
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
        }
        return uris;
    }

    /** Settings hand back the fallback for a value that is unset or bad, so never null here. */
    private static <T> T withFallback(@Nullable T value) {
        return Objects.requireNonNull(value, "a setting read with a fallback");
    }

    private static @Nullable String blankToNull(@Nullable String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
