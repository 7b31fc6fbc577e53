package org.parley.client.session;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.parley.client.ConnectionState;
import org.parley.client.Contact;
import org.parley.client.Conversation;
import org.parley.client.FileTransfer;
import org.parley.client.Groups;
import org.parley.client.OutgoingMessage;
import org.parley.client.ProgressListener;
import org.parley.client.Session;
import org.parley.client.SessionListener;
import org.parley.client.StoredMessage;
import org.parley.client.auth.AuthApiClient;
import org.parley.client.auth.TokenKeeper;
import org.parley.client.contacts.ContactService;
import org.parley.client.contacts.DeviceDirectory;
import org.parley.client.contacts.UsernameInput;
import org.parley.client.envelopes.Outbox;
import org.parley.client.envelopes.SendLane;
import org.parley.client.exceptions.ParleyException;
import org.parley.client.exceptions.ProfileStoreException;
import org.parley.client.exceptions.SendFailedException;
import org.parley.client.exceptions.SessionClosedException;
import org.parley.client.exceptions.SessionExpiredException;
import org.parley.client.files.FileService;
import org.parley.client.groups.ClientGroups;
import org.parley.client.groups.GroupDirectory;
import org.parley.client.groups.GroupMessageService;
import org.parley.client.messaging.MessageService;
import org.parley.client.messaging.ReceiptSchedule;
import org.parley.client.store.ProfileStore;
import org.parley.client.transport.Transport;
import org.parley.client.transport.TransportListener;
import org.parley.client.transport.TransportOptions;
import org.parley.crypto.EnvelopeCrypto;
import org.parley.crypto.IdentityKeyPair;
import org.parley.model.DeviceEntry;
import org.parley.model.PublicKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Session} implementation: wires store, key pinning, messages, outbox, transport and
 * timers.
 */
public final class ClientSession implements Session {
    private static final Logger log = LoggerFactory.getLogger(ClientSession.class);
    private static final long RETRY_REFRESH_MS = 15_000;
    private static final long HELD_RETRY_MS = 30_000;

    /** How soon a new contact (a first message either way) may see our presence. */
    private static final long PRESENCE_VIEWERS_SYNC_MS = 15_000;

    /**
     * How often what was only written (sent messages) is fsynced: the most a power loss can take.
     */
    private static final long PROFILE_SYNC_MS = 1_000;

    /** Receipt ids are collected this long, so one receipt per peer covers a burst of messages. */
    static final java.time.Duration RECEIPT_DELAY = java.time.Duration.ofMillis(500);

    /** How long closing waits for queued envelopes (receipts above all) to reach the broker. */
    private static final java.time.Duration CLOSE_FLUSH = java.time.Duration.ofMillis(500);

    private final String username;
    private final Clock clock;
    private final Executor executor;
    private final AuthApiClient api;
    private final TokenKeeper tokens;
    private final ProfileStore store;
    private final ListenerList listeners = new ListenerList();
    private final ContactService contacts;
    private final DeviceDirectory devices;
    private final MessageService messages;
    private final Outbox outbox;
    private final SendLane sends;
    private final ClientGroups groups;
    private final FileService files;
    private final Transport transport;
    private final PresenceViewerSync presenceViewers;
    private final ScheduledExecutorService timers;
    private volatile ConnectionState connectionState = ConnectionState.DISCONNECTED;
    private volatile boolean closed;

    public ClientSession(
            ClientConfig config,
            AuthApiClient api,
            String username,
            IdentityKeyPair identity,
            TokenKeeper tokens,
            ProfileStore store,
            List<String> brokers) {
        this.username = username;
        this.clock = config.clock();
        this.executor = config.executor();
        this.api = api;
        this.tokens = tokens;
        this.store = store;
        this.contacts =
                new ContactService(
                        username, identity.publicKeys(), store, this::lookupKeys, clock, listeners);
        this.devices =
                new DeviceDirectory(username, identity.publicKeys(), contacts, this::deviceLog);
        this.presenceViewers =
                new PresenceViewerSync(
                        username,
                        api,
                        tokens,
                        () ->
                                store.contacts().stream()
                                        .map(org.parley.client.store.ContactRecord::username)
                                        .collect(java.util.stream.Collectors.toSet()));
        this.transport =
                config.transportFactory()
                        .create(
                                brokers,
                                tokens,
                                new TransportOptions(
                                        config.receiveBatchSize(),
                                        config.brokerConnectTimeout(),
                                        java.time.Duration.ofSeconds(5),
                                        config.threadFactory(),
                                        FileService.spoolDir(store.directory()),
                                        FileService.maxStreamBytes(config.maxFileBytes())));
        this.outbox = new Outbox(transport, config.threadFactory(), username);
        this.sends = new SendLane(executor, () -> closed);
        this.timers =
                Executors.newSingleThreadScheduledExecutor(
                        r -> {
                            Thread t = config.threadFactory().newThread(r);
                            t.setName("parley-timers-" + username);
                            t.setDaemon(true);
                            return t;
                        });
        EnvelopeCrypto crypto = new EnvelopeCrypto(username, identity);
        GroupDirectory groupDirectory =
                new GroupDirectory(username, identity.publicKeys(), api, tokens, contacts);
        GroupMessageService groupMessages =
                new GroupMessageService(
                        username,
                        crypto,
                        store,
                        contacts,
                        groupDirectory,
                        outbox,
                        listeners,
                        clock,
                        config.maxTextLength());
        this.files =
                new FileService(
                        username,
                        crypto,
                        store,
                        contacts,
                        groupMessages,
                        transport,
                        listeners,
                        clock,
                        config.threadFactory(),
                        config.maxFileBytes());
        this.messages =
                new MessageService(
                        username,
                        crypto,
                        store,
                        contacts,
                        outbox,
                        listeners,
                        clock,
                        config.maxTextLength(),
                        groupMessages,
                        files,
                        ReceiptSchedule.after(timers, RECEIPT_DELAY));
        this.groups =
                new ClientGroups(
                        username,
                        identity,
                        groupDirectory,
                        groupMessages,
                        store::history,
                        executor,
                        sends,
                        clock,
                        () -> closed,
                        listeners,
                        this::sendFile);
    }

    /** Connects and starts everything; blocking. On failure the session is closed. */
    public void start(ProgressListener progress) {
        try {
            transport.start(
                    this::onInbound,
                    new TransportListener() {
                        @Override
                        public void onConnectionState(ConnectionState state) {
                            connectionState = state;
                            listeners.onConnectionState(state);
                        }

                        @Override
                        public void onPresence(String user, boolean online) {
                            listeners.onPresence(user, online);
                        }

                        @Override
                        public void onStreamProgress(
                                String id, String from, long done, long total) {
                            listeners.onFileProgress(id, from, done, total);
                        }

                        @Override
                        public void onUnreachableBrokers(Set<String> brokers) {
                            listeners.onUnreachableBrokers(brokers);
                        }

                        @Override
                        public void onFatal(ParleyException reason) {
                            log.warn(
                                    "Session of {} lost its connection for good: {}",
                                    username,
                                    reason.getMessage());
                            // Unsent messages stay SENDING in the profile and go out at the next
                            // login.
                            executor.execute(ClientSession.this::close);
                        }
                    });
            progress.onProgress(ProgressListener.SYNCING, 0.95);
            outbox.start();
            messages.resendPending();
            scheduleRefresh(refreshDelay());
            // The periodic tasks end with timers.shutdownNow() in close(); nothing waits on them.
            var unusedHeld =
                    timers.scheduleWithFixedDelay(
                            this::retryHeld, HELD_RETRY_MS, HELD_RETRY_MS, TimeUnit.MILLISECONDS);
            // Who may see our presence: our contacts, now and whenever they change.
            timers.execute(presenceViewers::sync);
            var unusedViewers =
                    timers.scheduleWithFixedDelay(
                            presenceViewers::sync,
                            PRESENCE_VIEWERS_SYNC_MS,
                            PRESENCE_VIEWERS_SYNC_MS,
                            TimeUnit.MILLISECONDS);
            var unusedProfile =
                    timers.scheduleWithFixedDelay(
                            this::syncProfile,
                            PROFILE_SYNC_MS,
                            PROFILE_SYNC_MS,
                            TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private void onInbound(List<org.parley.client.transport.InboundMessage> batch) {
        try {
            messages.onBatch(batch);
        } catch (ProfileStoreException e) {
            // The disk refuses writes: stop taking messages rather than let the broker dead-letter
            // them.
            log.error(
                    "The profile of {} cannot be written; closing the session: {}",
                    username,
                    e.getMessage());
            executor.execute(this::close);
            throw e;
        }
    }

    private PublicKeys lookupKeys(String user) {
        try {
            return api.userKeys(tokens.current(), user).publicKeys();
        } catch (SessionExpiredException e) {
            tokens.renew();
            return api.userKeys(tokens.current(), user).publicKeys();
        }
    }

    private List<DeviceEntry> deviceLog(String user) {
        try {
            return api.deviceLog(tokens.current(), user).log();
        } catch (SessionExpiredException e) {
            tokens.renew();
            return api.deviceLog(tokens.current(), user).log();
        }
    }

    private long refreshDelay() {
        long remaining = tokens.expiresAt() - clock.millis();
        long margin = Math.max(TokenKeeper.MIN_REMAINING_MS + 5_000, remaining / 5);
        return Math.max(1_000, remaining - margin);
    }

    private void scheduleRefresh(long delayMs) {
        if (closed) {
            return;
        }
        try {
            var unused = timers.schedule(this::refreshToken, delayMs, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closing
        }
    }

    private void refreshToken() {
        try {
            tokens.renew();
            log.debug("Session token of {} renewed", username);
            scheduleRefresh(refreshDelay());
        } catch (SessionExpiredException e) {
            // The broker keeps the live connection; a reconnect will report the expiry.
            log.warn("The session token of {} can no longer be renewed", username);
        } catch (RuntimeException e) {
            log.info("Renewing the session token failed, retrying: {}", e.getMessage());
            long left = tokens.expiresAt() - clock.millis();
            scheduleRefresh(Math.max(1_000, Math.min(RETRY_REFRESH_MS, left / 2)));
        }
    }

    /**
     * Makes sent messages' records durable (they are only written when sent, see decision 0010).
     */
    private void syncProfile() {
        try {
            store.syncIfDirty();
        } catch (ProfileStoreException e) {
            log.warn("Syncing the profile of {} failed: {}", username, e.getMessage());
        }
    }

    private void retryHeld() {
        try {
            messages.retryHeldLookups();
        } catch (RuntimeException e) {
            log.debug("Retrying held envelopes failed: {}", e.getMessage());
        }
    }

    private <T> CompletableFuture<T> async(Supplier<T> work) {
        if (closed) {
            return CompletableFuture.failedFuture(new SessionClosedException());
        }
        return CompletableFuture.supplyAsync(work, executor);
    }

    private void requireOpen() {
        if (closed) {
            throw new SessionClosedException();
        }
    }

    // ---- Session -------------------------------------------------------------------------------

    @Override
    public String username() {
        return username;
    }

    @Override
    public void addListener(SessionListener listener) {
        listeners.add(listener);
    }

    @Override
    public void removeListener(SessionListener listener) {
        listeners.remove(listener);
    }

    @Override
    public ConnectionState connectionState() {
        return connectionState;
    }

    @Override
    public Optional<String> connectedBroker() {
        return Optional.ofNullable(transport.currentBroker());
    }

    @Override
    public Set<String> unreachableBrokers() {
        return transport.unreachableBrokers();
    }

    // The nested future is flattened by thenCompose.
    @Override
    @SuppressWarnings("FutureReturnValueIgnored")
    public CompletableFuture<OutgoingMessage> sendText(String to, String text) {
        Optional<String> group = Groups.groupOf(to);
        if (group.isPresent()) {
            return groups.sendText(group.get(), text);
        }
        return sends.submit(() -> messages.sendText(to, text));
    }

    @Override
    public FileTransfer sendFile(String to, Path file) {
        if (closed) {
            FileTransfer t =
                    new FileTransfer(String.valueOf(file == null ? null : file.getFileName()), 0);
            t.result()
                    .completeExceptionally(
                            new SendFailedException(new SessionClosedException(), false));
            return t;
        }
        Optional<String> group = Groups.groupOf(to);
        return group.isPresent() ? files.sendToGroup(group.get(), file) : files.send(to, file);
    }

    @Override
    public List<Conversation> conversations() {
        return store.conversations();
    }

    @Override
    public List<StoredMessage> history(String peer) {
        return store.history(conversationKey(peer));
    }

    @Override
    public void markRead(String peer) {
        requireOpen();
        store.markRead(
                conversationKey(
                        peer)); // committed with the next batch or at close; losing it is harmless
    }

    /**
     * A username, or a group's conversation key ("#" + id) as listed by {@link #conversations()}.
     */
    private static String conversationKey(String raw) {
        return Groups.groupOf(raw).isPresent() ? raw : UsernameInput.normalize(raw);
    }

    @Override
    public List<Contact> contacts() {
        return contacts.contacts();
    }

    @Override
    public CompletableFuture<String> safetyNumber(String peer) {
        return async(() -> contacts.safetyNumber(UsernameInput.normalize(peer)));
    }

    @Override
    public CompletableFuture<Void> markVerified(String peer) {
        return pinKeys(peer, contacts::markVerified);
    }

    @Override
    public CompletableFuture<Void> acceptKeyChange(String peer) {
        return pinKeys(peer, contacts::acceptKeyChange);
    }

    /**
     * Runs {@code pin} on the contact; once it has accepted a pending key change, the messages held
     * for that key are let through.
     */
    private CompletableFuture<Void> pinKeys(String peer, Predicate<String> pin) {
        return async(
                () -> {
                    String p = UsernameInput.normalize(peer);
                    if (pin.test(p)) {
                        messages.releaseHeld(p);
                    }
                    return null;
                });
    }

    @Override
    public void subscribePresence(String peer) {
        requireOpen();
        String p = UsernameInput.normalize(peer);
        presenceViewers.follow(p);
        timers.execute(presenceViewers::sync);
        transport.subscribePresence(p);
    }

    @Override
    public boolean awaitOutgoing(java.time.Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean filesDone = files.awaitIdle(timeout);
        messages.flushReceipts();
        return filesDone
                && outbox.awaitEmpty(
                        java.time.Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
    }

    /**
     * Users' device lists, verified against the account keys this session trusts (not used for
     * sending yet).
     */
    public DeviceDirectory devices() {
        return devices;
    }

    @Override
    public Groups groups() {
        return groups;
    }

    /**
     * How long a logout waits for the auth server to revoke the token; offline, it gives up
     * quietly.
     */
    static final java.time.Duration LOGOUT_REVOKE_TIMEOUT = java.time.Duration.ofSeconds(3);

    /**
     * Closes the session, then asks the auth server to revoke its token (decision 0014), best
     * effort: the session is already closed, and a failure (offline, server down) only leaves the
     * token valid until it expires, as before server-side logout existed.
     */
    @Override
    public void logout() {
        if (closed) {
            return;
        }
        String token = tokens.peek();
        close();
        try {
            api.logout(token, LOGOUT_REVOKE_TIMEOUT);
        } catch (ParleyException e) {
            log.info(
                    "The server did not revoke the session token of {} at logout: {}",
                    username,
                    e.getMessage());
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        // Receipts still being collected go out now rather than with the timer that is about to
        // stop.
        messages.flushReceipts();
        try {
            outbox.awaitEmpty(CLOSE_FLUSH);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        timers.shutdownNow();
        files.close();
        outbox.close();
        transport.close();
        try {
            store.close();
        } catch (ProfileStoreException e) {
            log.warn("Closing the profile of {}: {}", username, e.getMessage());
        }
    }
}
