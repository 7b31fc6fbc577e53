package org.parley.testing.stack;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.postoffice.impl.LocalQueueBinding;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.Queue;
import org.apache.activemq.artemis.core.server.cluster.MessageFlowRecord;
import org.apache.activemq.artemis.core.server.cluster.RemoteQueueBinding;
import org.apache.activemq.artemis.core.server.cluster.impl.BridgeImpl;
import org.apache.activemq.artemis.core.server.cluster.impl.ClusterConnectionImpl;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.parley.auth.stack.ParleyStack;
import org.parley.auth.stack.StackConfig;
import org.parley.broker.BrokerNode;
import org.parley.model.Addresses;
import org.parley.testing.Directories;
import org.parley.testing.Wait;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link ParleyStack} (embedded PostgreSQL, auth server over HTTP, two Artemis nodes over TCP,
 * all on loopback with free ports) plus what the tests read off the brokers.
 *
 * <p>Either started by hand ({@link #start}, closed by the caller), or, the usual case, one stack
 * per test class as a JUnit 5 extension:
 *
 * <pre>
 * &#64;RegisterExtension
 * static final LocalStack stack = LocalStack.perClass();
 * &#64;Account
 * static TestAccount alice;   // signed up as "alice" before any &#64;BeforeAll method runs
 * </pre>
 *
 * The extension starts the stack in a fresh temp dir before the class's {@code @BeforeAll} methods,
 * signs up every {@link Account} field (the class's and its superclasses'), and after the class
 * (also when it failed) closes what it {@linkplain #track tracks}, the stack, and deletes the dir,
 * as Artemis' test bases close what they opened.
 */
public final class LocalStack implements AutoCloseable, BeforeAllCallback, AfterAllCallback {
    private static final Logger log = LoggerFactory.getLogger(LocalStack.class);
    public static final int NODES = 2;

    /** Prefix of the cluster's store-and-forward queues (messages on their way to another node). */
    private static final String STORE_AND_FORWARD_PREFIX = "$.artemis.internal.sf.";

    /**
     * The running stack; set while it runs (for an extension: from before the class to after it).
     */
    public @Nullable ParleyStack stack;

    private final Clock clock;

    /** For the extension: what the class opened, closed after it (last tracked, first closed). */
    private final Deque<AutoCloseable> tracked = new ArrayDeque<>();

    private final Map<String, TestAccount> accounts = new LinkedHashMap<>();

    /** For the extension: the stack's data lives here and goes with it. */
    private @Nullable Path tempDir;

    private LocalStack(@Nullable ParleyStack stack, Clock clock) {
        this.stack = stack;
        this.clock = clock;
    }

    /**
     * Starts a stack on {@code dataDir} (the same dir restarts the same accounts, keys and
     * journals).
     */
    public static LocalStack start(Path dataDir) {
        return start(StackConfig.ephemeral(dataDir, NODES));
    }

    public static LocalStack start(StackConfig config) {
        return start(config, Clock.systemUTC());
    }

    /** With the clock every server of the stack reads (tokens, throttle windows, revocations). */
    public static LocalStack start(StackConfig config, Clock clock) {
        LocalStack local = new LocalStack(null, clock);
        local.startOn(config);
        return local;
    }

    /**
     * A two-node stack started once for the test class that registers it with
     * {@code @RegisterExtension}.
     */
    public static LocalStack perClass() {
        return perClass(Clock.systemUTC());
    }

    /** {@link #perClass()} with the clock every server of the stack reads. */
    public static LocalStack perClass(Clock clock) {
        return new LocalStack(null, clock);
    }

    private void startOn(StackConfig config) {
        long t0 = System.nanoTime();
        stack = ParleyStack.start(config, clock);
        long t1 = System.nanoTime();
        try {
            awaitClusterFormed();
            log.info(
                    "Stack up in {} ms, cluster formed {} ms later: auth {} brokers {}",
                    (t1 - t0) / 1_000_000,
                    (System.nanoTime() - t1) / 1_000_000,
                    authUri(),
                    brokerUrls());
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        tempDir =
                Files.createTempDirectory(
                        "parley-" + context.getRequiredTestClass().getSimpleName() + "-");
        startOn(StackConfig.ephemeral(tempDir.resolve("stack"), NODES));
        for (Class<?> declaring = context.getRequiredTestClass();
                declaring != null;
                declaring = declaring.getSuperclass()) {
            signUpAccountFields(declaring);
        }
    }

    private void signUpAccountFields(Class<?> declaring) throws IllegalAccessException {
        for (Field field : declaring.getDeclaredFields()) {
            Account account = field.getAnnotation(Account.class);
            if (account == null) {
                continue;
            }
            if (!Modifier.isStatic(field.getModifiers())
                    || Modifier.isFinal(field.getModifiers())
                    || field.getType() != TestAccount.class) {
                throw new IllegalStateException(
                        "@Account needs a static, non-final TestAccount field: " + field);
            }
            field.setAccessible(true);
            field.set(null, account(account.value().isEmpty() ? field.getName() : account.value()));
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        try {
            while (!tracked.isEmpty()) {
                AutoCloseable resource = tracked.pop();
                try {
                    resource.close();
                } catch (Exception e) {
                    log.warn("Closing {} after {} failed", resource, context.getDisplayName(), e);
                }
            }
            close();
        } finally {
            accounts.clear();
            if (tempDir != null) {
                Directories.deleteRecursively(
                        tempDir, (path, e) -> log.warn("Could not delete {}", path, e));
                tempDir = null;
            }
        }
    }

    /**
     * The account named {@code username}, signed up on this stack the first time it is asked for
     * (the same {@link TestAccount} after that).
     */
    public TestAccount account(String username) {
        return accounts.computeIfAbsent(username, name -> TestAccount.create(authUri(), name));
    }

    /** Closes {@code resource} after the class, before the stack (last tracked, first closed). */
    public <T extends AutoCloseable> T track(T resource) {
        tracked.push(resource);
        return resource;
    }

    /** The data directory of the running stack (database, auth server keys, broker journals). */
    public Path dataDir() {
        return running().config().dataDir();
    }

    /**
     * The profiles directory of {@code username}'s "machine": the same on every call, so a later
     * login there finds the earlier profile.
     */
    public Path machine(String username) {
        return dataDir().resolve(username + "-machine");
    }

    /** {@code account} logged in on its {@linkplain #machine machine}. */
    public TestClient login(TestAccount account) {
        return TestClient.login(machine(account.username()), authUri(), account);
    }

    /**
     * Stops the stack and starts it again with {@code config} (usually on {@link #dataDir()}, so
     * the same accounts, keys and journals).
     */
    public void restart(StackConfig config) {
        close();
        startOn(config);
    }

    public void awaitClusterFormed() {
        Wait.until(
                Wait.LONG,
                "the " + NODES + "-node cluster to form",
                this::clusterState,
                state -> !state.contains("not formed"));
    }

    /** The Artemis node id (kept in the journal, so the same across restarts). */
    public String nodeId(int node) {
        return node(node).server().getNodeID().toString();
    }

    /**
     * The object behind {@code node}'s cluster bridge to the peer with {@code peerNodeId}, or null;
     * compared by identity to tell when a bridge has been torn down or replaced.
     */
    public @Nullable Object bridgeRecord(int node, String peerNodeId) {
        return node(node).server().getClusterManager().getClusterConnections().stream()
                .map(cc -> ((ClusterConnectionImpl) cc).getRecords().get(peerNodeId))
                .filter(Objects::nonNull)
                .findFirst()
                .orElse(null);
    }

    /**
     * Whether {@code node} would route mail for {@code user} to another node (a remote inbox
     * binding).
     */
    public boolean routesRemotely(int node, String user) {
        try {
            var bindings =
                    node(node)
                            .server()
                            .getPostOffice()
                            .getBindingsForAddress(SimpleString.of(Addresses.inbox(user)));
            return bindings != null
                    && bindings.getBindings().stream()
                            .anyMatch(b -> b instanceof RemoteQueueBinding);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** The bridge of a record from {@link #bridgeRecord}. */
    public static BridgeImpl bridgeOf(Object record) {
        return (BridgeImpl) ((MessageFlowRecord) record).getBridge();
    }

    /** Whether {@code node}'s cluster topology lists the node with {@code peerNodeId}. */
    public boolean knows(int node, String peerNodeId) {
        return node(node).server().getClusterManager().getClusterConnections().stream()
                .anyMatch(cc -> cc.getTopology().getMember(peerNodeId) != null);
    }

    /**
     * Messages in {@code node}'s store-and-forward queue for the peer with {@code peerNodeId}:
     * waiting to be sent, or sent and not yet confirmed by the peer.
     */
    public long inTransitTo(int node, String peerNodeId) {
        return node(node)
                .server()
                .getPostOffice()
                .getAllBindings()
                .filter(b -> b instanceof LocalQueueBinding)
                .map(b -> ((LocalQueueBinding) b).getQueue())
                .filter(
                        q ->
                                q.getName().toString().startsWith(STORE_AND_FORWARD_PREFIX)
                                        && q.getName().toString().endsWith(peerNodeId))
                .mapToLong(Queue::getMessageCount)
                .sum();
    }

    /** Per node: formed or not, topology members and bridges, for the failure message. */
    public String clusterState() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < NODES; i++) {
            BrokerNode node = running().broker(i);
            sb.append("node ")
                    .append(i)
                    .append(node.isClusterFormed(NODES) ? " formed" : " not formed");
            if (node.isRunning()) {
                var cc =
                        node.server().getClusterManager().getClusterConnections().stream()
                                .findFirst()
                                .orElse(null);
                if (cc != null) {
                    sb.append(" (started ")
                            .append(cc.isStarted())
                            .append(", members ")
                            .append(cc.getTopology().getMembers().size())
                            .append(", bridges ")
                            .append(cc.getNodes().keySet())
                            .append(")");
                }
            } else {
                sb.append(" (stopped)");
            }
            sb.append("; ");
        }
        return sb.toString();
    }

    public URI authUri() {
        return running().authUri();
    }

    public List<String> brokerUrls() {
        return running().brokerUrls();
    }

    public String url(int node) {
        return brokerUrls().get(node);
    }

    public BrokerNode node(int index) {
        return running().broker(index);
    }

    /** Index of the node with this URL. */
    public int nodeOf(String url) {
        int index = brokerUrls().indexOf(url);
        if (index < 0) {
            throw new AssertionError(url + " is not one of " + brokerUrls());
        }
        return index;
    }

    public static int other(int node) {
        return 1 - node;
    }

    /**
     * Messages (including those being delivered) in {@code user}'s inbox queue on one running node.
     */
    public long inboxCount(int node, String user) {
        return queueCount(node, Addresses.inbox(user));
    }

    public long queueCount(int node, String queueName) {
        Queue queue = node(node).server().locateQueue(SimpleString.of(queueName));
        return queue == null ? 0 : queue.getMessageCount();
    }

    /** Messages on their way from this node to another (cluster store-and-forward queues). */
    public long inTransit(int node) {
        ActiveMQServer server = node(node).server();
        return server.getPostOffice()
                .getAllBindings()
                .filter(b -> b instanceof LocalQueueBinding)
                .map(b -> ((LocalQueueBinding) b).getQueue())
                .filter(q -> q.getName().toString().startsWith(STORE_AND_FORWARD_PREFIX))
                .mapToLong(Queue::getMessageCount)
                .sum();
    }

    /**
     * Nothing for {@code user} is left anywhere in the cluster: their inbox queue on every node is
     * empty (a message being delivered still counts until the consumer acknowledges it) and no
     * message is between nodes. Since client-core acknowledges only after storing (or rejecting) a
     * batch, a drained inbox means the client has processed everything that was sent.
     */
    public boolean drained(String user) {
        for (int i = 0; i < NODES; i++) {
            if (inboxCount(i, user) != 0 || inTransit(i) != 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Waits until {@code receiver} has reported every one of {@code acknowledged} (the ids of sends
     * the brokers acknowledged to the sender) and nothing for it is left in the cluster; on time
     * out, says which are missing (by their place in {@code acknowledged}) and where the mail is.
     */
    public void awaitEverythingAcknowledgedReceived(
            TestClient receiver, List<String> acknowledged) {
        String user = receiver.session.username();
        Wait.until(
                Wait.LONG,
                user
                        + " to have everything acknowledged to the sender, and nothing left in the cluster",
                () -> {
                    Set<String> missing = new HashSet<>(acknowledged);
                    missing.removeAll(receiver.events.incomingIds());
                    return missing.isEmpty() && drained(user)
                            ? ""
                            : missing.size()
                                    + " of "
                                    + acknowledged.size()
                                    + " missing (sent as number "
                                    + missing.stream().map(acknowledged::indexOf).sorted().toList()
                                    + "); "
                                    + whereIsMailFor(user)
                                    + "; "
                                    + user
                                    + " on "
                                    + receiver.broker();
                },
                String::isEmpty);
    }

    /** Where {@code user}'s mail is, per node, for failure messages. */
    public String whereIsMailFor(String user) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < NODES; i++) {
            sb.append("node ").append(i).append(": ");
            if (!node(i).isRunning()) {
                sb.append("stopped; ");
                continue;
            }
            Queue inbox = node(i).server().locateQueue(SimpleString.of(Addresses.inbox(user)));
            sb.append(
                    inbox == null
                            ? "no inbox"
                            : "inbox "
                                    + inbox.getMessageCount()
                                    + " (delivering "
                                    + inbox.getDeliveringCount()
                                    + ", consumers "
                                    + inbox.getConsumerCount()
                                    + ")");
            sb.append(", in transit ")
                    .append(inTransit(i))
                    .append(", remote binding ")
                    .append(routesRemotely(i, user))
                    .append("; ");
        }
        return sb
                + clusterState()
                + " dead letters "
                + deadLetters()
                + ", expired "
                + queueCount(0, "parley.expiry")
                + "/"
                + queueCount(1, "parley.expiry");
    }

    public long deadLetters() {
        long n = 0;
        for (int i = 0; i < NODES; i++) {
            n += queueCount(i, "parley.dlq");
        }
        return n;
    }

    private ParleyStack running() {
        if (stack == null) {
            throw new IllegalStateException(
                    "The stack is not running (register the extension with @RegisterExtension)");
        }
        return stack;
    }

    @Override
    public void close() {
        if (stack != null) {
            ParleyStack closing = stack;
            stack = null;
            closing.close();
        }
    }
}
