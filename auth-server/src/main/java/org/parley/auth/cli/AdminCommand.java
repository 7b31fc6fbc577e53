package org.parley.auth.cli;

import java.io.Console;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import org.parley.auth.AuthServerConfig;
import org.parley.auth.admin.JdbcAuditLog;
import org.parley.auth.admin.JdbcOperatorStore;
import org.parley.auth.admin.OperatorService;
import org.parley.auth.security.LoginThrottle;
import org.parley.db.Database;
import org.parley.db.DatabaseConfig;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code parley-server admin}: operator accounts for the admin page and the broker consoles. */
@Command(
        name = "admin",
        description = "Administers Parley's operators (not chat accounts).",
        subcommands = {AdminCommand.CreateOperator.class})
final class AdminCommand implements Runnable {

    static final String PASSWORD_ENV = "PARLEY_OPERATOR_PASSWORD";

    @Spec private CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(
                spec.commandLine(), "Missing command: create-operator");
    }

    /**
     * Which database: the auth server's (data dir or JDBC URL, as {@code auth} takes them) or a
     * stack's.
     */
    static final class Target {
        @Option(
                names = "--data-dir",
                paramLabel = "DIR",
                description = "The auth server's data dir (embedded database).")
        @Nullable String dataDir;

        @Option(
                names = "--stack-dir",
                paramLabel = "DIR",
                description = "A 'parley-server stack' data dir.")
        @Nullable Path stackDir;

        @Option(
                names = "--jdbc-url",
                paramLabel = "URL",
                description = "External PostgreSQL (password from PARLEY_AUTH_JDBC_PASSWORD).")
        @Nullable String jdbcUrl;
    }

    @Command(
            name = "create-operator",
            description = {
                "Creates an operator: a person who may sign in to the admin page (/admin) and the",
                "brokers' Artemis console. Operators are not chat accounts and cannot chat.",
                "The password (12+ characters) comes from --password-file, " + PASSWORD_ENV + ",",
                "or is asked for twice on the terminal. With the embedded database, run this while",
                "the server or stack using that directory is stopped (the database is locked while it runs)."
            })
    static final class CreateOperator implements Callable<Integer> {

        @Spec private CommandSpec spec;

        @Option(
                names = "--username",
                paramLabel = "NAME",
                required = true,
                description = "Operator name (a-z, 0-9, . _ -; 3 to 32).")
        private @Nullable String username;

        @Option(
                names = "--password-file",
                paramLabel = "FILE",
                description = "File holding the password (one line).")
        private @Nullable Path passwordFile;

        @Option(
                names = "--config",
                paramLabel = "FILE",
                description = "The auth server's properties file.")
        private @Nullable Path configFile;

        @ArgGroup(exclusive = true)
        private Target target = new Target();

        @Option(names = "--jdbc-user", paramLabel = "USER", description = "User for --jdbc-url.")
        private @Nullable String jdbcUser;

        @Override
        public Integer call() {
            String password = password();
            DatabaseConfig databaseConfig = databaseConfig();
            try (Database database = Database.start(databaseConfig)) {
                SecureRandom random = new SecureRandom();
                Clock clock = Clock.systemUTC();
                OperatorService operators =
                        new OperatorService(
                                new JdbcOperatorStore(database.dataSource()),
                                new JdbcAuditLog(database.dataSource()),
                                null,
                                new LoginThrottle(LoginThrottle.Limits.DEFAULT, clock),
                                random,
                                clock);
                String name =
                        operators.create(
                                Objects.requireNonNull(username, "a required option"),
                                password,
                                "cli:" + System.getProperty("user.name", "?"));
                PrintWriter out = spec.commandLine().getOut();
                out.println("Operator " + name + " created.");
                out.flush();
            }
            return 0;
        }

        private DatabaseConfig databaseConfig() {
            if (target != null && target.stackDir != null) {
                return DatabaseConfig.embedded(target.stackDir.toAbsolutePath().resolve("db"));
            }
            Map<String, String> flags = new LinkedHashMap<>();
            if (target != null && target.dataDir != null) {
                flags.put(AuthServerConfig.DATA_DIR, target.dataDir);
            }
            if (target != null && target.jdbcUrl != null) {
                flags.put(AuthServerConfig.JDBC_URL, target.jdbcUrl);
            }
            if (jdbcUser != null) {
                flags.put(AuthServerConfig.JDBC_USER, jdbcUser);
            }
            return AuthServerConfig.load(configFile, System.getenv(), flags).databaseConfig();
        }

        private String password() {
            if (passwordFile != null) {
                try {
                    return Files.readString(passwordFile, StandardCharsets.UTF_8).strip();
                } catch (IOException e) {
                    throw new IllegalArgumentException(
                            "Cannot read " + passwordFile + ": " + e.getMessage(), e);
                }
            }
            String fromEnv = System.getenv(PASSWORD_ENV);
            if (fromEnv != null && !fromEnv.isBlank()) {
                return fromEnv.strip();
            }
            // Java 17 has no Console.isTerminal(); on 22+ a console without a terminal reads end of
            // input below, which fails as "The passwords differ."
            @SuppressWarnings("SystemConsoleNull")
            Console console = System.console();
            if (console == null) {
                throw new IllegalArgumentException(
                        "Give --password-file or set "
                                + PASSWORD_ENV
                                + " (no terminal to ask on).");
            }
            char[] first = console.readPassword("Password for operator %s: ", username);
            char[] second = console.readPassword("Again: ");
            try {
                if (first == null || second == null || !Arrays.equals(first, second)) {
                    throw new IllegalArgumentException("The passwords differ.");
                }
                return new String(first);
            } finally {
                if (first != null) {
                    Arrays.fill(first, '\0');
                }
                if (second != null) {
                    Arrays.fill(second, '\0');
                }
            }
        }
    }
}
