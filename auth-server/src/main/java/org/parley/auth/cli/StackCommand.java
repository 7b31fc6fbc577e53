package org.parley.auth.cli;

import java.time.Clock;
import java.util.List;
import org.parley.auth.stack.ParleyStack;
import org.parley.auth.stack.StackConfig;
import picocli.CommandLine.Command;

/**
 * {@code parley-server stack}: embedded PostgreSQL, the auth server and a broker cluster on one
 * machine.
 */
@Command(
        name = "stack",
        modelTransformer = ServerCommand.AddOptions.class,
        description = {
            "Runs all of Parley on this machine: embedded PostgreSQL, the auth server and",
            "a cluster of broker nodes, on loopback by default. Data stays under --data-dir.",
            "Settings come from flags, then PARLEY_STACK_* environment variables, then --config."
        })
final class StackCommand extends ServerCommand {

    private static final List<SettingFlag> FLAGS =
            List.of(
                    SettingFlag.of(
                            StackConfig.DATA_DIR,
                            "DIR",
                            "Database, keys and journals (default: the user data dir/parley/stack)."),
                    SettingFlag.of(
                            StackConfig.HOST, "HOST", "Address to listen on (default: 127.0.0.1)."),
                    SettingFlag.of(
                            StackConfig.AUTH_PORT,
                            "PORT",
                            "Auth server port, 0 for a free one (default: 8080)."),
                    SettingFlag.of(StackConfig.BROKERS, "N", "Broker nodes (default: 2)."),
                    SettingFlag.of(
                            StackConfig.BROKER_PORT,
                            "PORT",
                            "First broker's port, the next nodes count up; 0 for free ports (default: 61616)."),
                    SettingFlag.of(
                            StackConfig.CONSOLE_PORT,
                            "PORT",
                            "Operators' Artemis console (hawtio) port, 0 for a free one, -1 for none (default: 8161)."));

    @Override
    public Integer call() throws InterruptedException {
        StackConfig config = StackConfig.load(configFile(), System.getenv(), givenFlags());
        runUntilStopped(
                () -> ParleyStack.start(config, Clock.systemUTC()),
                stack ->
                        List.of(
                                "Parley stack ready: auth "
                                        + stack.authUri()
                                        + " brokers "
                                        + String.join(",", stack.brokerUrls())
                                        + " (data: "
                                        + config.dataDir()
                                        + ")",
                                // A line of its own: scripts parse the first one.
                                "Operators: admin page "
                                        + stack.adminUri()
                                        + stack.console()
                                                .map(console -> ", broker console " + console.uri())
                                                .orElse(", no broker console")),
                "parley-stack");
        return 0;
    }

    @Override
    String configFileHelp() {
        return "Properties file with the keys of the flags below (data-dir, host, ...).";
    }

    @Override
    List<SettingFlag> settingFlags() {
        return FLAGS;
    }
}
