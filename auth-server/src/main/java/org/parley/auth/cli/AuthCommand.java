package org.parley.auth.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import org.parley.auth.AuthServer;
import org.parley.auth.AuthServerConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code parley-server auth}: runs one auth server until the process is stopped (Ctrl-C / SIGTERM).
 * Flags override {@code PARLEY_AUTH_*} environment variables, which override the config file.
 */
@Command(
        name = "auth",
        description = {
            "Runs the auth server (HTTP JSON API under /api/v1).",
            "Without --jdbc-url it runs an embedded PostgreSQL under the data directory.",
            "The database password is read from PARLEY_AUTH_JDBC_PASSWORD or the config file,"
                    + " never from a flag (flags show up in process listings)."
        })
final class AuthCommand implements Callable<Integer> {

    @Spec private CommandSpec spec;

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "Properties file (see parley-auth.sample.properties).")
    private @Nullable Path configFile;

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            description = "Keys and embedded database (default: the user data dir/parley/auth).")
    private @Nullable String dataDir;

    @Option(
            names = "--port",
            paramLabel = "PORT",
            description = "TCP port, 0 for any free one (default: 8080).")
    private @Nullable String port;

    @Option(
            names = "--bind-host",
            paramLabel = "HOST",
            description = "Interface to listen on (default: 127.0.0.1).")
    private @Nullable String bindHost;

    @Option(
            names = "--jdbc-url",
            paramLabel = "URL",
            description = "External PostgreSQL, e.g. jdbc:postgresql://db:5432/parley.")
    private @Nullable String jdbcUrl;

    @Option(names = "--jdbc-user", paramLabel = "USER", description = "User for --jdbc-url.")
    private @Nullable String jdbcUser;

    @Option(
            names = "--broker",
            paramLabel = "URL",
            description = "Broker URL handed to clients at login; repeatable, preferred first.")
    private @Nullable List<String> brokers;

    @Option(
            names = "--token-ttl",
            paramLabel = "DURATION",
            description = "Session token lifetime, e.g. 15m (default).")
    private @Nullable String tokenTtl;

    @Override
    public Integer call() throws InterruptedException {
        AuthServerConfig config = AuthServerConfig.load(configFile, System.getenv(), flags());
        UntilStopped.run(
                () -> new AuthServer(config, Clock.systemUTC()).start(),
                server -> {
                    PrintWriter out = spec.commandLine().getOut();
                    out.println(
                            "Parley auth server ready at "
                                    + server.uri()
                                    + " (data: "
                                    + config.dataDir()
                                    + ")");
                    out.flush();
                },
                "parley-auth");
        return 0;
    }

    private Map<String, String> flags() {
        return ParleyServerCommand.givenFlags(
                AuthServerConfig.DATA_DIR, dataDir,
                AuthServerConfig.PORT, port,
                AuthServerConfig.BIND_HOST, bindHost,
                AuthServerConfig.JDBC_URL, jdbcUrl,
                AuthServerConfig.JDBC_USER, jdbcUser,
                AuthServerConfig.TOKEN_TTL, tokenTtl,
                AuthServerConfig.BROKERS, brokers == null ? null : String.join(",", brokers));
    }
}
