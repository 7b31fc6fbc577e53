package org.parley.auth;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.parley.config.DataDirs;

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
 */
public record AuthServerConfig(
        String bindHost,
        int port,
        Path dataDir,
        String jdbcUrl,
        String jdbcUser,
        String jdbcPassword,
        Duration tokenTtl,
        LoginThrottle.Limits throttle,
        List<URI> brokers,
        int maxBodyBytes,
        int bcryptThreads,
        int bcryptMaxInFlight,
        String brokerServicePassword,
        boolean adminSecureCookie,
        Duration revocationSyncInterval,
        int groupMemberLimit) {

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
                    GROUP_MEMBER_LIMIT);

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
        jdbcPassword = blankToNull(jdbcPassword);
        brokerServicePassword = blankToNull(brokerServicePassword);
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
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(
                    "Invalid configuration: " + String.join("; ", problems));
        }
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
     * @throws IllegalArgumentException with every problem found, in one message
     */
    public static AuthServerConfig load(
            Path file, Map<String, String> env, Map<String, String> flags) {
        Map<String, String> settings = new LinkedHashMap<>();
        if (file != null) {
            settings.putAll(readFile(file));
        }
        for (String key : KEYS) {
            String value = env.get(envName(key));
            if (value != null) {
                settings.put(key, value);
            }
        }
        settings.putAll(flags);
        return fromSettings(settings);
    }

    /**
     * Parses and validates flat settings; unknown keys are an error (a typo must not be ignored).
     */
    public static AuthServerConfig fromSettings(Map<String, String> settings) {
        Set<String> unknown = new TreeSet<>(settings.keySet());
        unknown.removeAll(KEYS);
        Parser p = new Parser(settings);
        if (!unknown.isEmpty()) {
            p.problems.add("unknown setting(s) " + unknown + "; known: " + new TreeSet<>(KEYS));
        }
        int cores = Runtime.getRuntime().availableProcessors();
        String bindHost = p.string(BIND_HOST, DEFAULT_BIND_HOST);
        int port = p.integer(PORT, DEFAULT_PORT);
        Path dataDir = p.value(DATA_DIR, null, Path::of, "a directory path");
        if (dataDir == null) {
            dataDir = DataDirs.userDataDir("parley").resolve("auth");
        }
        Duration tokenTtl =
                p.value(
                        TOKEN_TTL,
                        DEFAULT_TOKEN_TTL,
                        AuthServerConfig::parseDuration,
                        "a duration such as 15m");
        int userFailures =
                p.integer(
                        THROTTLE_USER_FAILURES, LoginThrottle.Limits.DEFAULT.maxFailuresPerUser());
        int addressFailures =
                p.integer(
                        THROTTLE_ADDRESS_FAILURES,
                        LoginThrottle.Limits.DEFAULT.maxFailuresPerAddress());
        Duration window =
                p.value(
                        THROTTLE_WINDOW,
                        LoginThrottle.Limits.DEFAULT.window(),
                        AuthServerConfig::parseDuration,
                        "a duration such as 15m");
        int maxTracked =
                p.integer(THROTTLE_MAX_TRACKED, LoginThrottle.Limits.DEFAULT.maxTrackedKeys());
        Duration userDelay =
                p.value(
                        THROTTLE_USER_DELAY,
                        LoginThrottle.Limits.DEFAULT.userDelay(),
                        AuthServerConfig::parseDuration,
                        "a duration such as 15s");
        Duration maxUserDelay =
                p.value(
                        THROTTLE_MAX_USER_DELAY,
                        LoginThrottle.Limits.DEFAULT.maxUserDelay(),
                        AuthServerConfig::parseDuration,
                        "a duration such as 2m");
        List<URI> brokers =
                p.value(BROKERS, List.of(), AuthServerConfig::parseUris, "comma-separated URLs");
        int maxBody = p.integer(MAX_BODY_BYTES, DEFAULT_MAX_BODY_BYTES);
        int bcryptThreads = p.integer(BCRYPT_THREADS, cores);
        int bcryptMaxInFlight = p.integer(BCRYPT_MAX_IN_FLIGHT, 8 * bcryptThreads);
        boolean adminSecureCookie =
                p.value(
                        ADMIN_SECURE_COOKIE,
                        false,
                        AuthServerConfig::parseBoolean,
                        "true or false");
        Duration revocationSync =
                p.value(
                        REVOCATION_SYNC_INTERVAL,
                        Duration.ofSeconds(60),
                        AuthServerConfig::parseDuration,
                        "a duration such as 60s");
        int groupMemberLimit = p.integer(GROUP_MEMBER_LIMIT, DEFAULT_GROUP_MEMBER_LIMIT);

        LoginThrottle.Limits throttle = null;
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
            p.problems.add("throttle: " + e.getMessage());
        }
        if (!p.problems.isEmpty()) {
            throw new IllegalArgumentException(
                    "Invalid configuration: " + String.join("; ", p.problems));
        }
        return new AuthServerConfig(
                bindHost,
                port,
                dataDir,
                settings.get(JDBC_URL),
                settings.get(JDBC_USER),
                settings.get(JDBC_PASSWORD),
                tokenTtl,
                throttle,
                brokers,
                maxBody,
                bcryptThreads,
                bcryptMaxInFlight,
                settings.get(BROKER_SERVICE_PASSWORD),
                adminSecureCookie,
                revocationSync,
                groupMemberLimit);
    }

    private static boolean parseBoolean(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw new IllegalArgumentException("not a boolean: " + text);
        };
    }

    public static String envName(String key) {
        return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /**
     * Accepts {@code 90s}, {@code 15m}, {@code 2h}, {@code 1d}, a bare number of seconds, or
     * ISO-8601 ({@code PT15M}).
     */
    static Duration parseDuration(String text) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        if (s.startsWith("p")) {
            try {
                return Duration.parse(s.toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
        }
        long factor = 1;
        char unit = s.isEmpty() ? ' ' : s.charAt(s.length() - 1);
        switch (unit) {
            case 's' -> s = s.substring(0, s.length() - 1);
            case 'm' -> {
                factor = 60;
                s = s.substring(0, s.length() - 1);
            }
            case 'h' -> {
                factor = 3600;
                s = s.substring(0, s.length() - 1);
            }
            case 'd' -> {
                factor = 86400;
                s = s.substring(0, s.length() - 1);
            }
            default -> {}
        }
        return Duration.ofSeconds(Math.multiplyExact(Long.parseLong(s.trim()), factor));
    }

    private static List<URI> parseUris(String text) {
        List<URI> uris = new ArrayList<>();
        for (String part : text.split(",")) {
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

    private static Map<String, String> readFile(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "Cannot read configuration file " + file + ": " + e.getMessage(), e);
        }
        Map<String, String> settings = new LinkedHashMap<>();
        for (String name : properties.stringPropertyNames()) {
            settings.put(name.trim(), properties.getProperty(name).trim());
        }
        return settings;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    @Override
    public String toString() {
        // Spelled out so the database password never reaches a log line.
        return "AuthServerConfig[bindHost="
                + bindHost
                + ", port="
                + port
                + ", dataDir="
                + dataDir
                + ", jdbcUrl="
                + (jdbcUrl == null ? "(embedded)" : jdbcUrl)
                + ", jdbcUser="
                + jdbcUser
                + ", jdbcPassword="
                + (jdbcPassword == null ? null : "****")
                + ", tokenTtl="
                + tokenTtl
                + ", throttle="
                + throttle
                + ", brokers="
                + brokers
                + ", maxBodyBytes="
                + maxBodyBytes
                + ", bcryptThreads="
                + bcryptThreads
                + ", bcryptMaxInFlight="
                + bcryptMaxInFlight
                + ", brokerServicePassword="
                + (brokerServicePassword == null ? null : "****")
                + ", adminSecureCookie="
                + adminSecureCookie
                + ", revocationSyncInterval="
                + revocationSyncInterval
                + "]";
    }

    /** Collects every bad value instead of stopping at the first, so one run shows them all. */
    private static final class Parser {
        private final Map<String, String> settings;
        private final List<String> problems = new ArrayList<>();

        Parser(Map<String, String> settings) {
            this.settings = Objects.requireNonNull(settings);
        }

        String string(String key, String fallback) {
            String value = settings.get(key);
            return value == null ? fallback : value.trim();
        }

        int integer(String key, int fallback) {
            Integer value = value(key, null, s -> Integer.valueOf(s.trim()), "a whole number");
            return value == null ? fallback : value;
        }

        <T> T value(String key, T fallback, Function<String, T> parse, String expected) {
            String raw = settings.get(key);
            if (raw == null || raw.isBlank()) {
                return fallback;
            }
            try {
                return parse.apply(raw.trim());
            } catch (IllegalArgumentException | ArithmeticException e) {
                problems.add(key + " must be " + expected + ", got '" + raw + "'");
                return fallback;
            }
        }
    }
}
