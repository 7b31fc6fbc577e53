package org.parley.auth.cli;

import java.time.Clock;
import java.util.List;
import org.parley.auth.AuthServer;
import org.parley.auth.AuthServerConfig;
import picocli.CommandLine.Command;

/**
 * {@code parley-server auth}: runs one auth server until the process is stopped (Ctrl-C / SIGTERM).
 * Flags override {@code PARLEY_AUTH_*} environment variables, which override the config file.
 */
@Command(
        name = "auth",
        modelTransformer = ServerCommand.AddOptions.class,
        description = {
            "Runs the auth server (HTTP JSON API under /api/v1).",
            "Without --jdbc-url it runs an embedded PostgreSQL under the data directory.",
            "The database password is read from PARLEY_AUTH_JDBC_PASSWORD or the config file,"
                    + " never from a flag (flags show up in process listings)."
        })
final class AuthCommand extends ServerCommand {

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

    @Override
    public Integer call() throws InterruptedException {
        AuthServerConfig config =
                AuthServerConfig.load(configFile(), System.getenv(), givenFlags());
        runUntilStopped(
                () -> new AuthServer(config, Clock.systemUTC()).start(),
                server ->
                        List.of(
                                "Parley auth server ready at "
                                        + server.uri()
                                        + " (data: "
                                        + config.dataDir()
                                        + ")"),
                "parley-auth");
        return 0;
    }

    @Override
    String configFileHelp() {
        return "Properties file (see parley-auth.sample.properties).";
    }

    @Override
    List<SettingFlag> settingFlags() {
        return FLAGS;
    }
}
