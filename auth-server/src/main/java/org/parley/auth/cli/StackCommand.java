package org.parley.auth.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import org.parley.auth.stack.ParleyStack;
import org.parley.auth.stack.StackConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code parley-server stack}: embedded PostgreSQL, the auth server and a broker cluster on one
 * machine.
 */
@Command(
        name = "stack",
        description = {
            "Runs all of Parley on this machine: embedded PostgreSQL, the auth server and",
            "a cluster of broker nodes, on loopback by default. Data stays under --data-dir.",
            "Settings come from flags, then PARLEY_STACK_* environment variables, then --config."
        })
final class StackCommand implements Callable<Integer> {

    @Spec private CommandSpec spec;

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "Properties file with the keys of the flags below (data-dir, host, ...).")
    private @Nullable Path configFile;

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            description = "Database, keys and journals (default: the user data dir/parley/stack).")
    private @Nullable String dataDir;

    @Option(
            names = "--host",
            paramLabel = "HOST",
            description = "Address to listen on (default: 127.0.0.1).")
    private @Nullable String host;

    @Option(
            names = "--auth-port",
            paramLabel = "PORT",
            description = "Auth server port, 0 for a free one (default: 8080).")
    private @Nullable String authPort;

    @Option(names = "--brokers", paramLabel = "N", description = "Broker nodes (default: 2).")
    private @Nullable String brokerCount;

    @Option(
            names = "--broker-port",
            paramLabel = "PORT",
            description =
                    "First broker's port, the next nodes count up; 0 for free ports (default: 61616).")
    private @Nullable String brokerPort;

    @Option(
            names = "--console-port",
            paramLabel = "PORT",
            description =
                    "Operators' Artemis console (hawtio) port, 0 for a free one, -1 for none (default: 8161).")
    private @Nullable String consolePort;

    @Override
    public Integer call() throws InterruptedException {
        Map<String, String> flags =
                ParleyServerCommand.givenFlags(
                        StackConfig.DATA_DIR, dataDir,
                        StackConfig.HOST, host,
                        StackConfig.AUTH_PORT, authPort,
                        StackConfig.BROKERS, brokerCount,
                        StackConfig.BROKER_PORT, brokerPort,
                        StackConfig.CONSOLE_PORT, consolePort);
        StackConfig config = StackConfig.load(configFile, System.getenv(), flags);
        UntilStopped.run(
                () -> ParleyStack.start(config, Clock.systemUTC()),
                stack -> {
                    PrintWriter out = spec.commandLine().getOut();
                    out.println(
                            "Parley stack ready: auth "
                                    + stack.authUri()
                                    + " brokers "
                                    + String.join(",", stack.brokerUrls())
                                    + " (data: "
                                    + config.dataDir()
                                    + ")");
                    // A line of its own: scripts parse the first one.
                    out.println(
                            "Operators: admin page "
                                    + stack.adminUri()
                                    + stack.console()
                                            .map(console -> ", broker console " + console.uri())
                                            .orElse(", no broker console"));
                    out.flush();
                },
                "parley-stack");
        return 0;
    }
}
