package org.parley.broker;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.impl.FileConfiguration;
import org.apache.activemq.artemis.core.remoting.impl.netty.NettyAcceptor;
import org.apache.activemq.artemis.core.server.ActivateCallback;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.ActiveMQServers;
import org.apache.activemq.artemis.core.server.Queue;
import org.apache.activemq.artemis.core.server.cluster.ClusterConnection;
import org.apache.activemq.artemis.spi.core.remoting.Acceptor;
import org.jspecify.annotations.Nullable;
import org.parley.model.Addresses;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One embedded Artemis broker node with Parley's configuration, token security, address policy and
 * presence. {@link #start()} returns when the acceptor takes connections; a node can be stopped and
 * started again (the journal keeps its messages).
 */
// "try": close() is stop(), which passes on Artemis' `throws Exception`; javac's warning about an
// InterruptedException from close() can only be silenced on the class.
@SuppressWarnings("try")
public final class BrokerNode implements AutoCloseable {

    private static final long ACTIVATION_TIMEOUT_MILLIS = 60_000;

    /**
     * An account lookup slower than this is a failure (a known account is then served from the
     * cache).
     */
    private static final java.time.Duration ACCOUNT_LOOKUP_TIMEOUT =
            java.time.Duration.ofSeconds(2);

    private static final Logger log = LoggerFactory.getLogger(BrokerNode.class);

    private final BrokerNodeConfig config;
    private final Clock clock;
    // Set by start(), cleared by stop(): null while the node is not running.
    private volatile @Nullable ActiveMQServer server;
    private volatile @Nullable PresencePlugin presence;
    private volatile @Nullable SenderSharePlugin senderShares;
    private volatile long journalBufferTimeoutNanos;
    private volatile @Nullable ScheduledExecutorService housekeeping;

    public BrokerNode(BrokerNodeConfig config, Clock clock) {
        if (config == null || clock == null) {
            throw new IllegalArgumentException("A broker node needs a config and a clock.");
        }
        this.config = config;
        this.clock = clock;
    }

    /**
     * Starts the node: calibrates the journal if needed (first start only), renders and loads
     * broker.xml, starts Artemis and waits until the acceptor is up.
     *
     * @throws IllegalStateException if already running
     * @throws Exception if the broker cannot start (port taken, data dir locked, …)
     */
    public synchronized void start() throws Exception {
        if (server != null) {
            throw new IllegalStateException(
                    "Broker node " + config.nodeId() + " is already running.");
        }
        Files.createDirectories(config.dataDir());
        JournalCalibration.Result journal =
                JournalCalibration.resolve(
                        config.dataDir(), config.journalBufferTimeoutNanos(), clock);
        journalBufferTimeoutNanos = journal.bufferTimeoutNanos();

        ClusterRepair.installPendingAckTimeoutDefault();
        FileConfiguration configuration =
                BrokerXml.load(BrokerXml.write(config, journal.bufferTimeoutNanos()));
        // Secrets are set here so they are never written to the generated broker.xml.
        configuration.setClusterUser(TokenSecurityManager.CLUSTER_USER);
        configuration.setClusterPassword(config.clusterPassword().reveal());

        RevocationList revocations = RevocationList.load(config.dataDir(), clock);
        AccountDirectory directory = accountDirectory();
        TokenSecurityManager security =
                new TokenSecurityManager(config, clock, this::queueOwner, revocations, directory);
        // Answers to queue queries about other users' inboxes lose their counts (QueueQueryGuard).
        java.util.List<String> outgoing =
                new java.util.ArrayList<>(configuration.getOutgoingInterceptorClassNames());
        outgoing.add(QueueQueryGuard.class.getName());
        configuration.setOutgoingInterceptorClassNames(outgoing);
        // The platform MBean server: the operators' console (hawtio/Jolokia) reads the node from
        // there.
        ActiveMQServer s =
                ActiveMQServers.newActiveMQServer(
                        configuration,
                        java.lang.management.ManagementFactory.getPlatformMBeanServer(),
                        security,
                        true);
        PresencePlugin p = new PresencePlugin(clock, s);
        s.registerBrokerPlugin(new AddressPolicyPlugin());
        // In this order: a refused message is never scoped (decision 0011).
        s.registerBrokerPlugin(new ClientMessagePolicyPlugin());
        s.registerBrokerPlugin(new DuplicateIdScopePlugin());
        s.registerBrokerPlugin(new ValidatedUserPlugin());
        s.registerBrokerPlugin(new RevocationPlugin(security, s));
        s.registerBrokerPlugin(p);
        // Inbox limits (decision 0012).
        WireLimits wire = new WireLimits(config.inboxMessageMaxBytes());
        SenderSharePlugin shares = new SenderSharePlugin(config.inboxSenderShareMessages());
        s.registerBrokerPlugin(new ConnectionLimitPlugin(config.maxConnectionsPerUser(), s));
        s.registerBrokerPlugin(wire);
        s.registerBrokerPlugin(new InboxMessageLimitsPlugin(config.inboxMessageMaxBytes()));
        server = s;
        presence = p;
        senderShares = shares;
        // Artemis activates on its own thread and only logs a failure (a taken port, a locked
        // journal): listen for both outcomes so start() fails at once with the cause.
        CompletableFuture<Void> activation = new CompletableFuture<>();
        s.registerActivationFailureListener(activation::completeExceptionally);
        s.registerActivateCallback(
                new ActivateCallback() {
                    @Override
                    public void activated() {
                        // The journal is loaded and neither clients nor bridges are connected yet.
                        s.getRemotingService().addIncomingInterceptor(wire);
                        // Registered here, after every plugin registered above, so that its
                        // beforeSend
                        // comes last: a place it reserves is given back by the route and send
                        // hooks, which
                        // Artemis skips when a later plugin refuses the send in its own beforeSend.
                        s.registerBrokerPlugin(shares);
                        try {
                            shares.rebuild(s);
                        } catch (Exception e) {
                            throw new IllegalStateException(
                                    "Could not count the inboxes' messages by sender.", e);
                        }
                    }

                    @Override
                    public void activationComplete() {
                        activation.complete(null);
                    }
                });
        try {
            s.start();
            try {
                activation.get(ACTIVATION_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                Throwable cause = Objects.requireNonNullElse(e.getCause(), e);
                throw new IOException(
                        "Broker node "
                                + config.nodeId()
                                + " could not start on "
                                + config.url()
                                + ": "
                                + rootMessage(cause),
                        cause);
            } catch (TimeoutException e) {
                throw new IllegalStateException(
                        "Broker node "
                                + config.nodeId()
                                + " did not activate within "
                                + ACTIVATION_TIMEOUT_MILLIS
                                + " ms.",
                        e);
            }
            Acceptor acceptor = s.getRemotingService().getAcceptor(BrokerXml.ACCEPTOR);
            if (acceptor == null || !acceptor.isStarted()) {
                throw new IOException(
                        "Broker node "
                                + config.nodeId()
                                + " could not listen on "
                                + config.url()
                                + " (is the port in use?).");
            }
            if (acceptor instanceof NettyAcceptor netty && netty.getActualPort() != config.port()) {
                throw new IOException(
                        "Broker node "
                                + config.nodeId()
                                + " listens on port "
                                + netty.getActualPort()
                                + ", not "
                                + config.port()
                                + ".");
            }
        } catch (Exception e) {
            stopQuietly(s);
            server = null;
            presence = null;
            throw e;
        }
        ScheduledExecutorService h =
                Executors.newSingleThreadScheduledExecutor(
                        r -> {
                            Thread t = new Thread(r, "parley-housekeeping-" + config.nodeId());
                            t.setDaemon(true);
                            return t;
                        });
        long period = InboxReaper.period(config.inboxAutoDeleteDelay()).toMillis();
        repeat(
                h,
                new InboxReaper(s, config.inboxAutoDeleteDelay(), clock),
                period,
                period,
                TimeUnit.MILLISECONDS);
        repeat(h, new ClusterRepair(s, clock), 1, 1, TimeUnit.SECONDS);
        repeat(
                h,
                new PresenceRevoker(s, directory),
                PresenceRevoker.PERIOD_SECONDS,
                PresenceRevoker.PERIOD_SECONDS,
                TimeUnit.SECONDS);
        housekeeping = h;
        registerSessions(s, p);
        log.info(
                "Broker node {} listening on {} (peers {}, data {})",
                config.nodeId(),
                config.url(),
                config.peers(),
                config.dataDir());
    }

    /**
     * Runs {@code task} with a fixed delay until {@code h} is shut down. The housekeeping tasks
     * catch and log their own failures, so the future would only ever end cancelled.
     */
    private static void repeat(
            ScheduledExecutorService h,
            HousekeepingTask task,
            long initialDelay,
            long delay,
            TimeUnit unit) {
        var unused = h.scheduleWithFixedDelay(task, initialDelay, delay, unit);
    }

    /** The auth server's directory, or (embedded nodes without one) every valid name. */
    private AccountDirectory accountDirectory() {
        java.net.URI authUrl = config.authUrl();
        if (authUrl == null) {
            log.warn(
                    "Broker node {} has no auth URL: every valid username counts as an account and presence is open"
                            + " to everyone (only for embedded test nodes)",
                    config.nodeId());
            return AccountDirectory.open();
        }
        return new HttpAccountDirectory(
                authUrl,
                config.servicePassword().reveal(),
                clock,
                config.accountCacheTtl(),
                ACCOUNT_LOOKUP_TIMEOUT);
    }

    /** The logged-in user count the auth server places logins by ({@link SessionsMBean}). */
    private void registerSessions(ActiveMQServer s, PresencePlugin p) {
        try {
            s.getManagementService()
                    .registerUntypedControl(
                            SessionsMBean.RESOURCE,
                            new Sessions(p::onlineUserCount),
                            new javax.management.ObjectName(
                                    "org.parley:type=Sessions,node="
                                            + javax.management.ObjectName.quote(config.nodeId())));
        } catch (Exception e) {
            // Placement then sees this node as not answering and hands it out last; chat still
            // works.
            log.warn(
                    "Broker node {} cannot publish its user count: {}",
                    config.nodeId(),
                    e.toString());
        }
    }

    /** Stops the node; its messages stay in the journal. Does nothing if it is not running. */
    public synchronized void stop() throws Exception {
        ActiveMQServer s = server;
        server = null;
        presence = null;
        ScheduledExecutorService h = housekeeping;
        housekeeping = null;
        if (h != null) {
            h.shutdownNow();
        }
        if (s != null) {
            s.stop();
            log.info("Broker node {} stopped", config.nodeId());
        }
    }

    @Override
    public void close() throws Exception {
        stop();
    }

    public BrokerNodeConfig config() {
        return config;
    }

    /** {@code tcp://host:port}. */
    public String url() {
        return config.url();
    }

    public boolean isRunning() {
        ActiveMQServer s = server;
        return s != null && s.isActive();
    }

    /** Open connections (clients, probes and peers' cluster bridges); 0 when stopped. */
    public int connectionCount() {
        ActiveMQServer s = server;
        return s == null ? 0 : s.getConnectionCount();
    }

    /** The running Artemis server, for tests and administration. */
    public ActiveMQServer server() {
        ActiveMQServer s = server;
        if (s == null) {
            throw new IllegalStateException("Broker node " + config.nodeId() + " is not running.");
        }
        return s;
    }

    /** The journal buffer timeout in use (configured or calibrated); 0 before the first start. */
    public long journalBufferTimeoutNanos() {
        return journalBufferTimeoutNanos;
    }

    /**
     * Messages from {@code sender} waiting in {@code recipient}'s inbox on this node, as counted
     * for the per-sender share (decision 0012); 0 when stopped.
     */
    public long waitingFrom(String recipient, String sender) {
        SenderSharePlugin shares = senderShares;
        return shares == null || server == null
                ? 0
                : shares.count(Addresses.inbox(recipient), sender);
    }

    /** Users with an inbox consumer on this node. */
    public java.util.Set<String> onlineUsers() {
        PresencePlugin p = presence;
        return p == null ? java.util.Set.of() : p.onlineUsers();
    }

    /**
     * True when this node's cluster topology has at least {@code expectedNodes} members and its
     * bridges to the others are connected, i.e. messages can move between them. A single node (no
     * peers) is "formed" with 1 once it is active.
     */
    public boolean isClusterFormed(int expectedNodes) {
        ActiveMQServer s = server;
        if (s == null || !s.isActive()) {
            return false;
        }
        if (expectedNodes <= 1) {
            return true;
        }
        ClusterConnection cc =
                s.getClusterManager().getClusterConnection(BrokerXml.CLUSTER_CONNECTION);
        if (cc == null || !cc.isStarted()) {
            return false;
        }
        return cc.getTopology().getMembers().size() >= expectedNodes
                && cc.getNodes().size() >= expectedNodes - 1;
    }

    private Optional<String> queueOwner(String queueName) {
        ActiveMQServer s = server;
        if (s == null) {
            return Optional.empty();
        }
        Queue queue = s.locateQueue(SimpleString.of(queueName));
        return queue == null || queue.getUser() == null
                ? Optional.empty()
                : Optional.of(queue.getUser().toString());
    }

    private static String rootMessage(Throwable t) {
        StringBuilder sb = new StringBuilder(String.valueOf(t.getMessage()));
        for (Throwable c = t.getCause(); c != null && c != t; t = c, c = c.getCause()) {
            sb.append(" (").append(c.getMessage()).append(")");
        }
        return sb.toString();
    }

    private static void stopQuietly(ActiveMQServer s) {
        try {
            s.stop();
        } catch (Exception e) {
            log.debug("Error stopping a broker that failed to start", e);
        }
    }

    @Override
    public String toString() {
        return "BrokerNode["
                + config.nodeId()
                + " "
                + config.url()
                + (isRunning() ? " running" : " stopped")
                + "]";
    }
}
