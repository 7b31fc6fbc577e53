package org.parley.auth.stack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.parley.config.ConfigException;
import org.parley.config.DataDirs;
import org.parley.config.Settings;

/**
 * The local all-in-one deployment: embedded PostgreSQL, one auth server and {@code brokerCount}
 * Artemis nodes, all on {@code host}. Loaded like the auth server's configuration (see {@link
 * #load}): a properties file, then {@code PARLEY_STACK_*} environment variables, then flags.
 *
 * @param dataDir everything persistent: {@code db/}, {@code auth/}, {@code broker-N/}, {@code
 *     stack.secrets}
 * @param host loopback by default; the address every server listens on and advertises
 * @param authPort HTTP port of the auth server, 0 for a free one
 * @param brokerCount nodes in the cluster, 1 to 9
 * @param brokerBasePort node N listens on {@code brokerBasePort + N - 1}; 0 picks free ports
 * @param tokenTtl session token lifetime
 * @param consolePort HTTP port of the operators' Artemis console ({@code /console}), 0 for a free
 *     one, {@value #NO_CONSOLE} for none
 */
public record StackConfig(
        Path dataDir,
        String host,
        int authPort,
        int brokerCount,
        int brokerBasePort,
        Duration tokenTtl,
        int consolePort) {

    public static final String ENV_PREFIX = "PARLEY_STACK_";

    public static final String DATA_DIR = "data-dir";
    public static final String HOST = "host";
    public static final String AUTH_PORT = "auth-port";
    public static final String BROKERS = "brokers";
    public static final String BROKER_PORT = "broker-port";
    public static final String TOKEN_TTL = "token-ttl";
    public static final String CONSOLE_PORT = "console-port";

    public static final Set<String> KEYS =
            Set.of(DATA_DIR, HOST, AUTH_PORT, BROKERS, BROKER_PORT, TOKEN_TTL, CONSOLE_PORT);

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_AUTH_PORT = 8080;
    public static final int DEFAULT_BROKER_COUNT = 2;
    public static final int DEFAULT_BROKER_BASE_PORT = 61616;
    public static final Duration DEFAULT_TOKEN_TTL = Duration.ofMinutes(15);
    public static final int DEFAULT_CONSOLE_PORT = 8161;
    public static final int NO_CONSOLE = -1;

    /** Without the operators' console. */
    public StackConfig(
            Path dataDir,
            String host,
            int authPort,
            int brokerCount,
            int brokerBasePort,
            Duration tokenTtl) {
        this(dataDir, host, authPort, brokerCount, brokerBasePort, tokenTtl, NO_CONSOLE);
    }

    public StackConfig {
        List<String> problems = new ArrayList<>();
        if (dataDir == null) {
            problems.add(DATA_DIR + " must be set");
        } else {
            dataDir = dataDir.toAbsolutePath().normalize();
        }
        if (host == null || host.isBlank()) {
            problems.add(HOST + " must not be empty");
        }
        if (authPort < 0 || authPort > 65535) {
            problems.add(AUTH_PORT + " must be between 0 and 65535, got " + authPort);
        }
        if (brokerCount < 1 || brokerCount > 9) {
            problems.add(
                    BROKERS + " (the broker count) must be between 1 and 9, got " + brokerCount);
        }
        if (brokerBasePort < 0 || brokerBasePort + brokerCount - 1 > 65535) {
            problems.add(
                    BROKER_PORT
                            + " must leave room for every broker below 65536, got "
                            + brokerBasePort);
        }
        if (tokenTtl == null || tokenTtl.isNegative() || tokenTtl.isZero()) {
            problems.add(TOKEN_TTL + " must be positive");
        }
        if (consolePort < NO_CONSOLE || consolePort > 65535) {
            problems.add(
                    CONSOLE_PORT
                            + " must be between 0 and 65535 (or "
                            + NO_CONSOLE
                            + " for none), got "
                            + consolePort);
        }
        ConfigException.throwIfAny(problems);
    }

    /**
     * Layers {@code file} (may be null), then {@code PARLEY_STACK_<KEY>} environment variables,
     * then {@code flags}; the data directory defaults to {@code stack} in the user data dir.
     *
     * @throws ConfigException with every problem found
     */
    public static StackConfig load(
            @Nullable Path file, Map<String, String> env, Map<String, String> flags) {
        Settings s = Settings.load(KEYS, ENV_PREFIX, file, env, flags);
        // Read with fallbacks, so never null.
        Path dataDir =
                Objects.requireNonNull(
                        s.path(DATA_DIR, DataDirs.userDataDir("parley").resolve("stack")));
        String host = Objects.requireNonNull(s.string(HOST, DEFAULT_HOST));
        int authPort = s.integer(AUTH_PORT, DEFAULT_AUTH_PORT);
        int brokerCount = s.integer(BROKERS, DEFAULT_BROKER_COUNT);
        int brokerPort = s.integer(BROKER_PORT, DEFAULT_BROKER_BASE_PORT);
        Duration tokenTtl = Objects.requireNonNull(s.duration(TOKEN_TTL, DEFAULT_TOKEN_TTL));
        int consolePort = s.integer(CONSOLE_PORT, DEFAULT_CONSOLE_PORT);
        return s.build(
                () ->
                        new StackConfig(
                                dataDir,
                                host,
                                authPort,
                                brokerCount,
                                brokerPort,
                                tokenTtl,
                                consolePort));
    }

    /** Defaults: loopback, auth on 8080, two brokers on 61616 and 61617, the console on 8161. */
    public static StackConfig defaults(Path dataDir) {
        return new StackConfig(
                dataDir,
                DEFAULT_HOST,
                DEFAULT_AUTH_PORT,
                DEFAULT_BROKER_COUNT,
                DEFAULT_BROKER_BASE_PORT,
                DEFAULT_TOKEN_TTL,
                DEFAULT_CONSOLE_PORT);
    }

    /**
     * Free ports everywhere, no console: what tests use, so nothing assumes 8080 or 61616 is free.
     */
    public static StackConfig ephemeral(Path dataDir, int brokerCount) {
        return new StackConfig(dataDir, DEFAULT_HOST, 0, brokerCount, 0, DEFAULT_TOKEN_TTL);
    }

    public StackConfig withConsolePort(int port) {
        return new StackConfig(
                dataDir, host, authPort, brokerCount, brokerBasePort, tokenTtl, port);
    }

    public boolean hasConsole() {
        return consolePort != NO_CONSOLE;
    }
}
