package org.parley.auth.cli;

import java.nio.file.Path;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.parley.auth.admin.AuthServerOperatorAuthenticator;
import org.parley.broker.BrokerNode;
import org.parley.broker.BrokerNodeConfig;
import org.parley.broker.console.BrokerConsole;
import org.parley.broker.console.ConsoleConfig;
import org.parley.config.Settings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code parley-server broker}: one Artemis node of the cluster. Its settings come from flags, then
 * {@code PARLEY_BROKER_*} environment variables, then the {@code --config} file, with the keys of
 * {@link BrokerNodeConfig#keyHelp()} plus {@code console}, {@code console-host} and {@code
 * console-port}.
 */
@Command(
        name = "broker",
        modelTransformer = ServerCommand.AddOptions.class,
        description = {
            "Runs one broker node. Clients authenticate with the auth server's session tokens,",
            "checked against its public key. The node asks the auth server (--auth-url, with the",
            "service password) which names are accounts, before it creates an inbox for one, and",
            "whom a user lets follow their presence; answers are cached (--account-cache-ttl).",
            "Settings come from flags, then PARLEY_BROKER_<KEY> environment variables, then the",
            "--config file (keys as the flags without dashes, e.g. node-id, cluster-password).",
            "Passwords come from files (--cluster-password-file, --service-password-file), the",
            "config file or PARLEY_BROKER_CLUSTER_PASSWORD / PARLEY_BROKER_SERVICE_PASSWORD,",
            "never from flags (flags show up in process listings).",
            "The node also serves the operators' Artemis console (hawtio) at",
            "http://127.0.0.1:8161/console/ (see --console-port, --no-console); operators sign in with the",
            "accounts made by 'parley-server admin create-operator', checked by the auth server."
        })
final class BrokerCommand extends ServerCommand {

    static final String CONSOLE = "console";
    static final String CONSOLE_HOST = "console-host";
    static final String CONSOLE_PORT = "console-port";

    private static final List<SettingFlag> FLAGS =
            List.of(
                    SettingFlag.of("node-id", "NAME", "Unique name in the cluster (required)."),
                    SettingFlag.of(
                            "host",
                            "HOST",
                            "Address to listen on and advertise (default: 127.0.0.1)."),
                    SettingFlag.of("port", "PORT", "Client and cluster port (default: 61616)."),
                    SettingFlag.of("peers", "HOST:PORT,...", "The other nodes of the cluster."),
                    SettingFlag.of("data-dir", "DIR", "Journal and state (required)."),
                    SettingFlag.of(
                            "token-public-key-file",
                            "FILE",
                            "The auth server's auth-signing.pub (required)."),
                    SettingFlag.of(
                            "cluster-password-file", "FILE", "Password shared by the nodes."),
                    SettingFlag.of(
                            "service-password-file",
                            "FILE",
                            "Password of the parley-service user the auth server probes with."),
                    SettingFlag.of(
                            "inbox-max-bytes",
                            "BYTES",
                            "Memory one inbox may use before it pages to disk (default: 10 MiB)."),
                    SettingFlag.of(
                            "inbox-page-limit-messages",
                            "N",
                            "Messages one inbox may hold on disk; further sends to it are refused as 'inbox full' (default: 100000)."),
                    SettingFlag.of(
                            "inbox-message-max-bytes",
                            "BYTES",
                            "Largest message accepted into an inbox, files included (default: 113271820, a 100 MiB file)."),
                    SettingFlag.of(
                            "max-connections-per-user",
                            "N",
                            "Connections one user may hold on this node (default: 10)."),
                    SettingFlag.of(
                            "inbox-sender-share-messages",
                            "N",
                            "Messages one sender may have waiting in one inbox on this node (default: 1000)."),
                    SettingFlag.of(
                            "auth-url",
                            "URL",
                            "The auth server (e.g. http://10.0.0.5:8080): account directory, presence permissions"
                                    + " and the operators' console logins (required)."),
                    SettingFlag.of(
                            "account-cache-ttl",
                            "DURATION",
                            "How long an account lookup is trusted, e.g. 30s (default) or PT30S."),
                    SettingFlag.of(CONSOLE_HOST, "HOST", "Console interface (default: 127.0.0.1)."),
                    SettingFlag.of(
                            CONSOLE_PORT,
                            "PORT",
                            "Console port, 0 for a free one (default: 8161)."));

    @Option(names = "--no-console", description = "Do not serve the operators' console.")
    private boolean noConsole;

    /** The node and (unless --no-console) its console: stopped together. */
    // "try": close() passes on BrokerNode.close()'s `throws Exception`; javac's warning about an
    // InterruptedException from close() can only be silenced on the class.
    @SuppressWarnings("try")
    private record RunningNode(BrokerNode node, @Nullable BrokerConsole console)
            implements AutoCloseable {
        @Override
        public void close() throws Exception {
            if (console != null) {
                console.close();
            }
            node.close();
        }
    }

    @Override
    public Integer call() throws InterruptedException {
        Settings settings = settings(configFile(), System.getenv(), flags());
        boolean console = settings.bool(CONSOLE, true);
        String consoleHost =
                Objects.requireNonNull(
                        settings.string(CONSOLE_HOST, ConsoleConfig.DEFAULT_HOST),
                        "has a fallback");
        int consolePort = settings.integer(CONSOLE_PORT, ConsoleConfig.DEFAULT_PORT);
        BrokerNodeConfig config = BrokerNodeConfig.from(settings);
        ConsoleConfig consoleConfig =
                console
                        ? new ConsoleConfig(
                                consoleHost, consolePort, config.dataDir().resolve("console"))
                        : null;
        String servicePassword = config.servicePassword().reveal();
        runUntilStopped(
                () -> {
                    BrokerNode node = new BrokerNode(config, Clock.systemUTC());
                    try {
                        node.start();
                    } catch (Exception e) {
                        throw new IllegalStateException(
                                "The broker did not start: " + ParleyServerCommand.oneLine(e), e);
                    }
                    if (consoleConfig == null) {
                        return new RunningNode(node, null);
                    }
                    try {
                        return new RunningNode(
                                node,
                                new BrokerConsole(
                                                consoleConfig,
                                                new AuthServerOperatorAuthenticator(
                                                        Objects.requireNonNull(
                                                                config.authUrl(),
                                                                "a loaded broker config requires"
                                                                        + " auth-url"),
                                                        servicePassword))
                                        .start());
                    } catch (RuntimeException e) {
                        try {
                            node.close();
                        } catch (Exception suppressed) {
                            e.addSuppressed(suppressed);
                        }
                        throw e;
                    }
                },
                running ->
                        List.of(
                                "Parley broker "
                                        + config.nodeId()
                                        + " ready at "
                                        + running.node().url()
                                        + " (data: "
                                        + config.dataDir()
                                        + ")"
                                        + (running.console() == null
                                                ? ""
                                                : " console " + running.console().uri())),
                "parley-broker");
        return 0;
    }

    /** The node's keys and the console's, layered as {@link BrokerNodeConfig#load} does. */
    static Settings settings(
            @Nullable Path file, Map<String, String> env, Map<String, String> flags) {
        Set<String> keys = new HashSet<>(BrokerNodeConfig.KEYS);
        keys.addAll(Set.of(CONSOLE, CONSOLE_HOST, CONSOLE_PORT));
        return Settings.load(keys, BrokerNodeConfig.ENV_PREFIX, file, env, flags);
    }

    /** The given flags; {@code --no-console} sets {@value #CONSOLE} to false. */
    private Map<String, String> flags() {
        Map<String, String> flags = givenFlags();
        if (noConsole) {
            flags.put(CONSOLE, "false");
        }
        return flags;
    }

    @Override
    String configFileHelp() {
        return "Properties file (see parley-broker.sample.properties).";
    }

    @Override
    List<SettingFlag> settingFlags() {
        return FLAGS;
    }
}
