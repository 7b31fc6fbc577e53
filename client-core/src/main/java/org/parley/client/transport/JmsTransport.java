package org.parley.client.transport;

import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.JMSException;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.api.core.ActiveMQExceptionType;
import org.apache.activemq.artemis.api.core.client.ClusterTopologyListener;
import org.apache.activemq.artemis.api.core.client.TopologyMember;
import org.apache.activemq.artemis.api.jms.ActiveMQJMSConstants;
import org.apache.activemq.artemis.core.remoting.impl.netty.TransportConstants;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.activemq.artemis.jms.client.ActiveMQDestination;
import org.apache.activemq.artemis.jms.client.ActiveMQMessage;
import org.apache.activemq.artemis.jms.client.ActiveMQSession;
import org.jspecify.annotations.Nullable;
import org.parley.client.ConnectionState;
import org.parley.client.exceptions.InboxFullException;
import org.parley.client.exceptions.InboxShareFullException;
import org.parley.client.exceptions.ParleyException;
import org.parley.client.exceptions.ServerUnavailableException;
import org.parley.client.exceptions.SessionExpiredException;
import org.parley.model.Addresses;
import org.parley.model.BrokerRefusals;
import org.parley.model.Envelope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Transport} over Jakarta JMS 3 to Artemis.
 *
 * <p>One worker thread owns the inbox consumer: it takes up to {@code maxBatch} messages (until the
 * client buffer is empty), hands them to the {@link InboundHandler}, and acknowledges them (each
 * individually, committed as one broker transaction per batch) only after the handler returned,
 * i.e. after they are stored durably; when a batch fails, its messages are retried one by one and
 * only those that fail again go back. When the connection fails it reconnects itself, trying the
 * broker URLs round-robin from the one after the failed node, renewing the token when a broker
 * refuses it, and re-creates the consumer and the presence subscriptions. Artemis' own reconnect is
 * off so that failover, token renewal and state reporting stay in one place.
 */
public final class JmsTransport implements Transport {
    private static final Logger log = LoggerFactory.getLogger(JmsTransport.class);
    static final String DUPLICATE_ID = "_AMQ_DUPL_ID";

    /** Recipients whose inbox destination a connection keeps (see {@link Link#inboxes}). */
    private static final int MAX_CACHED_INBOXES = 1024;

    static final String VALIDATED_USER = "_AMQ_VALIDATED_USER";
    private static final long RECEIVE_POLL_MS = 200;

    /** How long a batch waits for one more buffered message before it is handled. */
    private static final long BATCH_GAP_MS = 1;

    static final int CONSUMER_WINDOW_BYTES = 256 * 1024;
    private static final Duration INITIAL_BACKOFF = Duration.ofMillis(250);

    /**
     * How often presence subscriptions the broker refused are tried again: a contact permits us
     * (lists us as a viewer at the auth server) when their client next syncs its contacts.
     */
    private static final long PRESENCE_RETRY_NANOS = TimeUnit.SECONDS.toNanos(15);

    private final List<String> urls;
    private final BrokerCredentials credentials;
    private final TransportOptions options;
    private final String inbox;
    private final Map<String, ActiveMQConnectionFactory> factories = new HashMap<>();
    private final Set<String> presenceUsers = ConcurrentHashMap.newKeySet();
    private final Object stateLock = new Object();
    private final CountDownLatch closing = new CountDownLatch(1);

    private ConnectionState state = ConnectionState.DISCONNECTED;
    private volatile @Nullable Link link;
    private volatile boolean closed;
    private int urlIndex;
    private @Nullable String lastToken;
    private @Nullable InboundHandler handler;
    private TransportListener listener = new TransportListener() {};
    private @Nullable Thread worker;

    /** Last reported {@link #unreachableBrokers()}; guarded by {@code clusterViewLock}. */
    private Set<String> unreachable = Set.of();

    private final Object clusterViewLock = new Object();

    public JmsTransport(
            List<String> brokerUrls, BrokerCredentials credentials, TransportOptions options) {
        if (brokerUrls == null || brokerUrls.isEmpty()) {
            throw new IllegalArgumentException("no broker URLs");
        }
        this.urls = List.copyOf(brokerUrls);
        this.credentials = Objects.requireNonNull(credentials);
        this.options = Objects.requireNonNull(options);
        this.inbox = Addresses.inbox(credentials.username());
    }

    @Override
    public @Nullable String currentBroker() {
        Link l = link;
        return l == null ? null : l.url;
    }

    @Override
    public void start(
            InboundHandler inboundHandler, @Nullable TransportListener transportListener) {
        this.handler = Objects.requireNonNull(inboundHandler);
        if (transportListener != null) {
            this.listener = transportListener;
        }
        ParleyException last = null;
        boolean renew = false;
        for (int i = 0; i < urls.size() && !closed; i++) {
            String url = urls.get(i);
            try {
                lastToken = credentials.token(renew);
                Link l = connect(url, lastToken);
                urlIndex = i;
                link = l;
                setState(ConnectionState.CONNECTED);
                updateClusterView();
                Thread w = options.threadFactory().newThread(this::runWorker);
                worker = w;
                w.setName("parley-inbox-" + credentials.username());
                w.setDaemon(true);
                w.start();
                return;
            } catch (JMSSecurityException e) {
                if (!renew) {
                    renew = true;
                    i--; // same node, fresh token
                    continue;
                }
                last =
                        new ParleyException(
                                "The message broker at "
                                        + BrokerUrls.hostPort(url)
                                        + " refused this session.",
                                e);
            } catch (JMSException | RuntimeException e) {
                if (e instanceof ParleyException pe) {
                    throw pe;
                }
                log.debug("Broker {} not reachable: {}", url, e.toString());
                last = new ServerUnavailableException(BrokerUrls.hostPort(url), e);
            }
        }
        close();
        throw last != null
                ? last
                : new ServerUnavailableException(BrokerUrls.hostPort(urls.get(0)), null);
    }

    private ActiveMQConnectionFactory factory(String url) {
        synchronized (factories) {
            return factories.computeIfAbsent(url, this::newFactory);
        }
    }

    private ActiveMQConnectionFactory newFactory(String u) {
        {
            ActiveMQConnectionFactory cf = new ActiveMQConnectionFactory(u);
            cf.setReconnectAttempts(0);
            // Stay on the node we chose; the cluster topology must not move us elsewhere.
            cf.setUseTopologyForLoadBalancing(false);
            cf.setInitialConnectAttempts(1);
            cf.setBlockOnDurableSend(true);
            cf.setBlockOnNonDurableSend(false);
            // Buffered plus not-yet-acknowledged messages count against the broker's page-read
            // limit
            // (2 MiB with 1 MiB pages): the default 1 MiB window plus a 256-message batch went over
            // it
            // and stalled paging during a backlog drain (AMQ224127).
            cf.setConsumerWindowSize(CONSUMER_WINDOW_BYTES);
            long timeout = options.connectTimeout().toMillis();
            cf.setCallTimeout(Math.max(timeout, 5_000));
            cf.setClientFailureCheckPeriod(Math.max(1_000, timeout / 2));
            cf.setConnectionTTL(Math.max(5_000, timeout * 2));
            // The node sends its view of the cluster (even with topology load balancing off):
            // a node of our list missing from it may hold messages for us (see unreachableBrokers).
            cf.getServerLocator()
                    .addClusterTopologyListener(
                            new ClusterTopologyListener() {
                                @Override
                                public void nodeUP(TopologyMember member, boolean last) {
                                    updateClusterView();
                                }

                                @Override
                                public void nodeDown(long eventUID, String nodeID) {
                                    updateClusterView();
                                }
                            });
            return cf;
        }
    }

    private Link connect(String url, String token) throws JMSException {
        Connection c = factory(url).createConnection(credentials.username(), token);
        try {
            Link l = new Link(url, c, inbox);
            for (String user : presenceUsers) {
                subscribe(l, user);
            }
            c.start();
            return l;
        } catch (JMSException | RuntimeException e) {
            closeQuietly(c);
            throw e;
        }
    }

    private void runWorker() {
        while (!closed) {
            Link l = link;
            if (l == null || l.broken) {
                try {
                    reconnect(l);
                } catch (RuntimeException e) {
                    log.warn("Reconnecting failed unexpectedly; trying again", e);
                    pause(options.maxBackoff());
                }
                continue;
            }
            try {
                pollInbox(l);
                retryRefusedPresence(l);
            } catch (JMSException | RuntimeException | Error e) {
                // Even an Error (say, no memory for one huge body) must not end the only inbox
                // reader.
                if (!closed) {
                    log.info("Inbox consumer on {} failed: {}", l.url, e.toString());
                    l.broken = true;
                }
            }
        }
    }

    private void pollInbox(Link l) throws JMSException {
        Message first = l.consumer.receive(RECEIVE_POLL_MS);
        if (first == null) {
            return;
        }
        List<Message> batch = new ArrayList<>();
        List<InboundMessage> inbound = new ArrayList<>();
        try {
            // Each body is read before the next receive: Artemis discards the rest of a large
            // message's body once the consumer moves on to the next message.
            batch.add(first);
            inbound.add(toInbound(first));
            while (batch.size() < options.maxBatch()) {
                // Not receiveNoWait(): with an empty buffer Artemis then asks the node to flush
                // (a blocking round trip per batch, up to one per message under load).
                Message m = l.consumer.receive(BATCH_GAP_MS);
                if (m == null) {
                    break;
                }
                batch.add(m);
                inbound.add(toInbound(m));
            }
            if (handle(inbound)) {
                acknowledge(l, batch);
                return;
            }
            // The batch failed: try its messages one by one, so that one poison message does not
            // take
            // the good ones with it. Those handled are acknowledged; the rest go back to the
            // broker,
            // which counts the attempt and after max-delivery-attempts moves them to the
            // dead-letter
            // address, instead of blocking the inbox behind them.
            int failed = 0;
            for (int i = 0; i < batch.size(); i++) {
                if (batch.size() > 1 && handle(List.of(inbound.get(i)))) {
                    acknowledge(l, List.of(batch.get(i)));
                } else {
                    failed++;
                }
            }
            log.warn(
                    "{} of {} inbox messages could not be handled; they will be redelivered",
                    failed,
                    batch.size());
            l.consumerSession.recover();
            pause(Duration.ofSeconds(1));
        } finally {
            StreamSpool.deleteAll(inbound);
        }
    }

    /**
     * Acknowledges exactly these messages, as one transaction on the node. {@code
     * Message.acknowledge()} in INDIVIDUAL_ACKNOWLEDGE mode commits after each message, i.e. a
     * synced journal commit on the node per message, which held a backlog drain to a fraction of
     * the broker's rate.
     */
    private static void acknowledge(Link l, List<Message> messages) throws JMSException {
        try {
            for (Message m : messages) {
                ((ActiveMQMessage) m).getCoreMessage().individualAcknowledge();
            }
            ((ActiveMQSession) l.consumerSession).getCoreSession().commit(false);
        } catch (ActiveMQException e) {
            JMSException je =
                    new JMSException("Acknowledging inbox messages failed: " + e.getMessage());
            je.setLinkedException(e);
            je.initCause(e);
            throw je;
        }
    }

    /** False if the handler failed; then nothing of {@code inbound} may be acknowledged. */
    private boolean handle(List<InboundMessage> inbound) {
        try {
            Objects.requireNonNull(handler, "start() sets the handler before the worker runs")
                    .onBatch(inbound);
            return true;
        } catch (Exception | Error e) {
            // An Error is caught too: letting it end this thread would leave the inbox unread.
            log.warn("Handling {} inbox messages failed: {}", inbound.size(), e.toString());
            return false;
        }
    }

    private InboundMessage toInbound(Message m) throws JMSException {
        String validated = m.getStringProperty(VALIDATED_USER);
        if (m instanceof BytesMessage bm && m.propertyExists(StreamSpool.STREAM_PROPERTY)) {
            return StreamSpool.save(bm, validated, options, listener);
        }
        if (!(m instanceof BytesMessage bm)) {
            return new InboundMessage(null, validated);
        }
        long len = bm.getBodyLength();
        if (len <= 0 || len > Envelope.MAX_BYTES) {
            return new InboundMessage(null, validated);
        }
        byte[] body = new byte[(int) len];
        bm.readBytes(body);
        return new InboundMessage(body, validated);
    }

    private void reconnect(@Nullable Link failed) {
        setState(ConnectionState.RECONNECTING);
        if (failed != null) {
            closeQuietly(failed.connection);
            if (link == failed) {
                link = null;
            }
        }
        Duration backoff = INITIAL_BACKOFF;
        boolean renew = false;
        while (!closed) {
            for (int attempt = 0; attempt < urls.size() && !closed; attempt++) {
                urlIndex = (urlIndex + 1) % urls.size();
                String url = urls.get(urlIndex);
                String token;
                try {
                    token = credentials.token(renew);
                } catch (SessionExpiredException e) {
                    fatal(e);
                    return;
                } catch (RuntimeException e) {
                    // The auth server is unreachable: try the token we have, a broker may still
                    // accept it.
                    log.info("Could not renew the session token: {}", e.getMessage());
                    token =
                            Objects.requireNonNull(
                                    lastToken, "start() took a token before the worker runs");
                }
                lastToken = token;
                renew = false;
                try {
                    Link l = connect(url, token);
                    if (closed) {
                        closeQuietly(l.connection);
                        return;
                    }
                    link = l;
                    log.info("Connected to broker {}", url);
                    setState(ConnectionState.CONNECTED);
                    updateClusterView();
                    return;
                } catch (JMSSecurityException e) {
                    if (String.valueOf(e.getMessage())
                            .contains(BrokerRefusals.TOO_MANY_CONNECTIONS)) {
                        // Not the token: the account holds as many connections to that node as it
                        // may.
                        log.warn(
                                "Broker {} refused the connection: this account has too many connections to it",
                                url);
                        continue;
                    }
                    log.info("Broker {} refused the token; renewing it", url);
                    renew = true;
                    urlIndex = (urlIndex - 1 + urls.size()) % urls.size(); // retry the same node
                    break;
                } catch (JMSException | RuntimeException e) {
                    log.debug("Broker {} not reachable: {}", url, e.toString());
                }
            }
            pause(backoff);
            backoff = backoff.multipliedBy(2);
            if (backoff.compareTo(options.maxBackoff()) > 0) {
                backoff = options.maxBackoff();
            }
        }
    }

    private void fatal(ParleyException reason) {
        log.warn("Giving up on the broker connection: {}", reason.getMessage());
        closed = true;
        closing.countDown();
        setState(ConnectionState.DISCONNECTED);
        listener.onFatal(reason);
    }

    /** Waits out a backoff; returns early when the transport closes. */
    private void pause(Duration d) {
        try {
            closing.await(d.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        }
    }

    @Override
    public void send(String recipient, String envelopeId, byte[] body) throws TransportException {
        Link l = linkForSending();
        synchronized (l.sendLock) {
            try {
                BytesMessage m = l.producerSession.createBytesMessage();
                m.writeBytes(body);
                m.setStringProperty(DUPLICATE_ID, envelopeId);
                l.producer.send(
                        l.inbox(recipient),
                        m,
                        DeliveryMode.PERSISTENT,
                        Message.DEFAULT_PRIORITY,
                        Message.DEFAULT_TIME_TO_LIVE);
            } catch (JMSException | RuntimeException e) {
                throw sendFailed("the message", recipient, e);
            }
        }
    }

    /** The link to send on; none (closed, or not connected) is a retryable failure. */
    private Link linkForSending() throws TransportException {
        if (closed) {
            // Retryable: the envelope stays queued (SENDING) for the next session rather than
            // failing.
            throw new TransportException("The connection is closed.", true, null);
        }
        Link l = link;
        if (l == null || l.broken) {
            throw new TransportException("Not connected to a broker.", true, null);
        }
        return l;
    }

    /**
     * Why sending {@code what} (the message, the file) to {@code recipient} failed, and whether the
     * outbox should retry.
     */
    private static TransportException sendFailed(String what, String recipient, Exception e) {
        if (e instanceof JMSSecurityException || e instanceof InvalidDestinationException) {
            return new TransportException(
                    "The broker refused " + what + " to " + recipient + ": " + e.getMessage(),
                    false,
                    e);
        }
        if (isAddressFull(e)) {
            // Not retryable: resending at once would only be refused again (and hold up the
            // outbox).
            return inboxFull(recipient, e);
        }
        return new TransportException("Sending " + what + " failed: " + e.getMessage(), true, e);
    }

    /** The inbox's page limit, or this sender's share of it (the broker says which). */
    static TransportException inboxFull(String recipient, Exception e) {
        if (isSenderShareFull(e)) {
            return new TransportException(
                    "Too many of your messages wait in the inbox of " + recipient + ".",
                    false,
                    new InboxShareFullException(recipient, e));
        }
        return new TransportException(
                "The inbox of " + recipient + " is full.",
                false,
                new InboxFullException(recipient, e));
    }

    /** Whether an "address full" refusal is the broker's per-sender share of the inbox. */
    static boolean isSenderShareFull(Throwable e) {
        for (Throwable cur = e; cur != null; cur = cur.getCause()) {
            if (cur.getMessage() != null
                    && cur.getMessage().contains(BrokerRefusals.SENDER_SHARE_FULL)) {
                return true;
            }
            if (cur.getCause() == cur) {
                break;
            }
        }
        return false;
    }

    /** Whether the broker refused a send because the address is full (the inbox's page limit). */
    static boolean isAddressFull(Throwable e) {
        for (Throwable cur = e; cur != null; cur = cur.getCause()) {
            if (cur instanceof ActiveMQException ae
                    && ae.getType() == ActiveMQExceptionType.ADDRESS_FULL) {
                return true;
            }
            if (cur.getCause() == cur) {
                break;
            }
        }
        return false;
    }

    @Override
    public void sendStream(String recipient, String envelopeId, java.io.InputStream body)
            throws TransportException {
        Link l = linkForSending();
        // A session of its own, so texts keep flowing on the shared producer while a file streams.
        Session s = null;
        try {
            s = l.connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer p = s.createProducer(s.createQueue(Addresses.inbox(recipient)));
            BytesMessage m = s.createBytesMessage();
            m.setObjectProperty("JMS_AMQ_InputStream", body);
            m.setStringProperty(DUPLICATE_ID, envelopeId);
            m.setBooleanProperty(StreamSpool.STREAM_PROPERTY, true);
            p.send(
                    m,
                    DeliveryMode.PERSISTENT,
                    Message.DEFAULT_PRIORITY,
                    Message.DEFAULT_TIME_TO_LIVE);
        } catch (JMSException | RuntimeException e) {
            throw sendFailed("the file", recipient, e);
        } finally {
            if (s != null) {
                try {
                    s.close();
                } catch (JMSException | RuntimeException e) {
                    log.debug("Closing a file session: {}", e.toString());
                }
            }
        }
    }

    @Override
    public void subscribePresence(String user) {
        if (!presenceUsers.add(user)) {
            return;
        }
        Link l = link;
        if (l != null && !l.broken) {
            try {
                subscribe(l, user);
            } catch (JMSException | RuntimeException e) {
                log.info("Presence of {} not available: {}", user, e.toString());
            }
        }
    }

    private void subscribe(Link l, String user) throws JMSException {
        synchronized (l.presenceLock) {
            if (l.presenceConsumers.containsKey(user)) {
                return;
            }
            try {
                MessageConsumer c =
                        l.presenceSession.createConsumer(
                                l.presenceSession.createTopic(Addresses.presence(user)));
                c.setMessageListener(m -> onPresenceMessage(user, m));
                l.presenceConsumers.put(user, c);
            } catch (JMSSecurityException e) {
                log.debug("Not (yet) allowed to follow the presence of {}", user);
            }
        }
    }

    private void retryRefusedPresence(Link l) throws JMSException {
        long now = System.nanoTime();
        if (now - l.presenceRetriedAt < PRESENCE_RETRY_NANOS) {
            return;
        }
        l.presenceRetriedAt = now;
        for (String user : presenceUsers) {
            subscribe(l, user); // does nothing for a subscription in place
        }
    }

    private void onPresenceMessage(String user, Message m) {
        try {
            String who = m.getStringProperty("user");
            if (who != null && !who.equals(user)) {
                return;
            }
            listener.onPresence(user, m.getBooleanProperty("online"));
        } catch (JMSException | RuntimeException e) {
            log.debug("Ignoring a malformed presence message for {}", user);
        }
    }

    @Override
    public Set<String> unreachableBrokers() {
        synchronized (clusterViewLock) {
            return unreachable;
        }
    }

    /**
     * Compares the broker list with the cluster members the connected node reports and tells the
     * listener when the set of missing ones changes. Matched by host and port of the members'
     * connectors; if the connected node itself cannot be matched (nodes announce addresses other
     * than the ones clients use), nothing is claimed.
     */
    private void updateClusterView() {
        Link l = link;
        if (l == null || l.broken || closed || urls.size() < 2) {
            return;
        }
        Set<String> next;
        synchronized (clusterViewLock) {
            Set<String> members = new java.util.HashSet<>();
            for (TopologyMember m : factory(l.url).getServerLocator().getTopology().getMembers()) {
                if (m.getPrimary() != null) {
                    members.add(
                            hostPort(
                                    m.getPrimary()
                                            .getParams()
                                            .get(TransportConstants.HOST_PROP_NAME),
                                    m.getPrimary()
                                            .getParams()
                                            .get(TransportConstants.PORT_PROP_NAME)));
                }
            }
            if (!members.contains(hostPortOf(l.url))) {
                return; // no view yet, or addresses that cannot be matched
            }
            Set<String> missing = new java.util.LinkedHashSet<>();
            for (String url : urls) {
                if (!members.contains(hostPortOf(url))) {
                    missing.add(url);
                }
            }
            next = Set.copyOf(missing);
            if (next.equals(unreachable)) {
                return;
            }
            unreachable = next;
        }
        if (next.isEmpty()) {
            log.info("Every broker node is reachable again");
        } else {
            log.info("Broker nodes not reachable from {}: {}", l.url, next);
        }
        try {
            listener.onUnreachableBrokers(next);
        } catch (RuntimeException e) {
            log.warn("Connection listener failed", e);
        }
    }

    private static String hostPortOf(String url) {
        try {
            java.net.URI u = java.net.URI.create(url);
            return hostPort(u.getHost(), u.getPort());
        } catch (IllegalArgumentException e) {
            return url;
        }
    }

    private static String hostPort(@Nullable Object host, @Nullable Object port) {
        String h = String.valueOf(host);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return h.toLowerCase(java.util.Locale.ROOT) + ":" + port;
    }

    @Override
    public ConnectionState state() {
        synchronized (stateLock) {
            return state;
        }
    }

    private void setState(ConnectionState s) {
        synchronized (stateLock) {
            if (state == s) {
                return;
            }
            state = s;
            stateLock.notifyAll();
        }
        try {
            listener.onConnectionState(s);
        } catch (RuntimeException e) {
            log.warn("Connection listener failed", e);
        }
    }

    @Override
    public boolean awaitConnected(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (stateLock) {
            while (state != ConnectionState.CONNECTED) {
                if (closed) {
                    return false;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(stateLock, left);
            }
            return true;
        }
    }

    @Override
    public void close() {
        boolean wasClosed = closed;
        closed = true;
        closing.countDown();
        Link l = link;
        link = null;
        if (l != null) {
            closeQuietly(l.connection);
        }
        Thread w = worker;
        if (w != null && w != Thread.currentThread()) {
            try {
                w.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (factories) {
            for (ActiveMQConnectionFactory cf : factories.values()) {
                cf.close();
            }
            factories.clear();
        }
        synchronized (stateLock) {
            stateLock.notifyAll();
        }
        if (!wasClosed) {
            setState(ConnectionState.DISCONNECTED);
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (JMSException | RuntimeException e) {
            log.debug("Closing a broken connection: {}", e.toString());
        }
    }

    /** The JMS objects of one live connection; replaced as a whole on reconnect. */
    private static final class Link {
        final String url;
        final Connection connection;
        final Object sendLock = new Object();
        final Object presenceLock = new Object();
        final Map<String, MessageConsumer> presenceConsumers = new LinkedHashMap<>();
        final Session consumerSession;
        final MessageConsumer consumer;
        final Session producerSession;
        final MessageProducer producer;
        final Session presenceSession;

        /**
         * When refused presence subscriptions were last tried again (System.nanoTime); worker
         * thread only.
         */
        long presenceRetriedAt = System.nanoTime();

        volatile boolean broken;

        /**
         * Inbox destinations this link has sent to (under {@link #sendLock}). {@code
         * Session.createQueue} asks the broker whether the queue exists, and a new destination
         * object is checked again on its first send: three blocking round trips per message, which
         * held a sender to a fraction of the broker's rate. A cached destination goes straight to
         * the send; if its inbox was removed meanwhile (InboxReaper), the node creates it again
         * while routing the message.
         */
        final Map<String, Queue> inboxes =
                new LinkedHashMap<>(16, 0.75f, true) {
                    @Override
                    protected boolean removeEldestEntry(Map.Entry<String, Queue> eldest) {
                        return size() > MAX_CACHED_INBOXES;
                    }
                };

        /** Opens the sessions on {@code connection}, consuming {@code inbox}. */
        Link(String url, Connection connection, String inbox) throws JMSException {
            this.url = url;
            this.connection = connection;
            connection.setExceptionListener(
                    e -> {
                        log.info("Connection to {} failed: {}", url, e.getMessage());
                        broken = true;
                    });
            // Individual acknowledgement: after a failed batch the good messages are acknowledged
            // on
            // their own and only the failing ones are redelivered (see pollInbox).
            consumerSession =
                    connection.createSession(false, ActiveMQJMSConstants.INDIVIDUAL_ACKNOWLEDGE);
            consumer = consumerSession.createConsumer(consumerSession.createQueue(inbox));
            producerSession = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            producer = producerSession.createProducer(null);
            producer.setDeliveryMode(DeliveryMode.PERSISTENT);
            presenceSession = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        }

        Queue inbox(String recipient) {
            return inboxes.computeIfAbsent(
                    recipient, r -> ActiveMQDestination.createQueue(Addresses.inbox(r)));
        }
    }
}
