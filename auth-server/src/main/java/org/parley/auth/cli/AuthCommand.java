package org.parley.auth.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
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
        modelTransformer = SettingFlag.AddOptions.class,
        description = {
            "Runs the auth server (HTTP JSON API under /api/v1).",
            "Without --jdbc-url it runs an embedded PostgreSQL under the data directory.",
            "The database password is read from PARLEY_AUTH_JDBC_PASSWORD or the config file,"
                    + " never from a flag (flags show up in process listings)."
        })
final class AuthCommand implements Callable<Integer>, SettingFlag.Owner {

    private static final List<SettingFlag> FLAGS =
            List.of(
                    SettingFlag.of(
                            AuthServerConfig.DATA_DIR,
                            "DIR",
                            "Keys and embedded database (default: the user data dir/parley/auth)."),
                    SettingFlag.of(
                            AuthServerConfig.PORT,
                            "PORT",
                            "TCP port, 0 for any free one (default: 8080)."),
                    SettingFlag.of(
                            AuthServerConfig.BIND_HOST,
                            "HOST",
                            "Interface to listen on (default: 127.0.0.1)."),
                    SettingFlag.of(
                            AuthServerConfig.JDBC_URL,
                            "URL",
                            "External PostgreSQL, e.g. jdbc:postgresql://db:5432/parley."),
                    SettingFlag.of(AuthServerConfig.JDBC_USER, "USER", "User for --jdbc-url."),
                    new SettingFlag(
                            "--broker",
                            AuthServerConfig.BROKERS,
                            "URL",
                            "Broker URL handed to clients at login; repeatable, preferred first.",
                            true),
                    SettingFlag.of(
                            AuthServerConfig.TOKEN_TTL,
                            "DURATION",
                            "Session token lifetime, e.g. 15m (default)."));

    @Spec private CommandSpec spec;

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "Properties file (see parley-auth.sample.properties).")
    private @Nullable Path configFile;

    @Override
    public Integer call() throws InterruptedException {
        AuthServerConfig config =
                AuthServerConfig.load(configFile, System.getenv(), SettingFlag.given(spec, FLAGS));
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

    @Override
    public List<SettingFlag> settingFlags() {
        return FLAGS;
    }
}
