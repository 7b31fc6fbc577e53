package org.parley.broker.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Objects;
import org.apache.activemq.artemis.spi.core.security.jaas.RolePrincipal;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Artemis web console (hawtio 4 with the Artemis plugin, Apache's {@code artemis-console-war})
 * served by an embedded Jetty 12 (ee10) at {@code /console}, reading this JVM's broker MBeans
 * through the war's Jolokia agent. hawtio authentication is on with the {@link ConsoleRealm}: only
 * operators get in; everything under {@code /console/jolokia} answers 401 without an operator
 * session or operator Basic credentials, and hawtio's own page shows its login form.
 *
 * <p>The war travels inside this jar (a classpath resource copied there by the build) and is
 * unpacked into the work directory on start, so {@code parley-server} needs nothing installed.
 */
public final class BrokerConsole implements AutoCloseable {

    public static final String CONTEXT_PATH = "/console";
    static final String WAR_RESOURCE = "/org/parley/broker/console/artemis-console.war";
    static final String LOG4J_RESOURCE = "/org/parley/broker/console/console-log4j2.properties";
    static final String LOG4J_CONFIGURATION = "log4j2.configurationFile";

    private static final Logger log = LoggerFactory.getLogger(BrokerConsole.class);

    private final ConsoleConfig config;
    private final OperatorAuthenticator operators;
    // Set by start(), jetty cleared by close(): null while the console is not running.
    private @Nullable Server jetty;
    private @Nullable URI uri;

    public BrokerConsole(ConsoleConfig config, OperatorAuthenticator operators) {
        this.config = Objects.requireNonNull(config, "config");
        this.operators = Objects.requireNonNull(operators, "operators");
    }

    /**
     * Unpacks the console, installs the operator realm and starts listening.
     *
     * @throws IllegalStateException if already started, or the console cannot start (port taken,
     *     ...)
     */
    public synchronized BrokerConsole start() {
        if (jetty != null) {
            throw new IllegalStateException("The console is already running");
        }
        Path war = unpackWar();
        configureHawtio();
        configureConsoleLogging();
        ConsoleRealm.install(operators);

        QueuedThreadPool threads = new QueuedThreadPool(50, 4);
        threads.setName("parley-console");
        threads.setDaemon(true);
        Server server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost(config.host());
        connector.setPort(config.port());
        server.addConnector(connector);

        WebAppContext console = new WebAppContext();
        console.setContextPath(CONTEXT_PATH);
        console.setWar(war.toString());
        console.setTempDirectory(config.workDir().resolve("jetty").toFile());
        console.setTempDirectoryPersistent(false);
        console.setExtractWAR(true);
        // A console that cannot initialise must fail start(), not serve a half-working page.
        console.setThrowUnavailableOnStartupException(true);
        server.setHandler(console);
        server.setStopTimeout(3_000);
        jetty = server;
        try {
            server.start();
            if (!console.isAvailable()) {
                throw new IllegalStateException("the console web application did not start");
            }
        } catch (Exception e) {
            close();
            throw new IllegalStateException(
                    "The broker console could not start on "
                            + config.host()
                            + ":"
                            + config.port()
                            + ": "
                            + e.getMessage(),
                    e);
        }
        String host = config.host().contains(":") ? "[" + config.host() + "]" : config.host();
        uri = URI.create("http://" + host + ":" + connector.getLocalPort() + CONTEXT_PATH + "/");
        log.info("Broker console (operators only) at {}", uri);
        return this;
    }

    /** The console's address, e.g. {@code http://127.0.0.1:8161/console/}. */
    public synchronized URI uri() {
        if (uri == null) {
            throw new IllegalStateException("The console is not started");
        }
        return uri;
    }

    /** The console's Jolokia endpoint (operator credentials required). */
    public URI jolokiaUri() {
        return uri().resolve("jolokia");
    }

    @Override
    public synchronized void close() {
        if (jetty != null) {
            try {
                jetty.stop();
            } catch (Exception e) {
                log.warn("Stopping the broker console failed", e);
            }
            jetty = null;
        }
    }

    /**
     * hawtio reads its settings from JVM system properties (or JNDI), so they are set here, the
     * same for every console in the JVM.
     */
    static void configureHawtio() {
        Map<String, String> settings =
                Map.of(
                        "hawtio.authenticationEnabled", "true",
                        "hawtio.realm", ConsoleRealm.REALM,
                        "hawtio.roles", ConsoleRealm.OPERATOR_ROLE,
                        "hawtio.rolePrincipalClasses", RolePrincipal.class.getName(),
                        // 401 for Jolokia calls without credentials instead of a redirect.
                        "hawtio.noCredentials401", "true",
                        // The proxy would let a logged-in page reach other Jolokia agents: not
                        // needed, so off.
                        "hawtio.disableProxy", "true",
                        "hawtio.offline", "true",
                        "hawtio.keycloakEnabled", "false");
        settings.forEach(System::setProperty);
    }

    /**
     * The war's Log4j would print hawtio's INFO lines to stdout; point it at our configuration
     * (warnings to stderr) unless the operator set {@value #LOG4J_CONFIGURATION} themselves. The
     * server itself logs through logback, so this setting touches nothing else.
     */
    private void configureConsoleLogging() {
        if (System.getProperty(LOG4J_CONFIGURATION) != null) {
            return;
        }
        Path file = config.workDir().resolve("console-log4j2.properties");
        try (InputStream in = BrokerConsole.class.getResourceAsStream(LOG4J_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("Missing class path resource " + LOG4J_RESOURCE);
            }
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file + ": " + e.getMessage(), e);
        }
        System.setProperty(LOG4J_CONFIGURATION, file.toString());
    }

    private Path unpackWar() {
        Path war = config.workDir().resolve("artemis-console.war");
        try (InputStream in = BrokerConsole.class.getResourceAsStream(WAR_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(
                        "The Artemis console is missing from the class path ("
                                + WAR_RESOURCE
                                + ")");
            }
            Files.createDirectories(config.workDir());
            Path tmp = config.workDir().resolve("artemis-console.war.tmp");
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            Files.move(
                    tmp, war, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return war;
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "Cannot unpack the console into " + config.workDir() + ": " + e.getMessage(),
                    e);
        }
    }
}
