package org.parley.client.store;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.parley.client.Conversation;
import org.parley.client.Direction;
import org.parley.client.MessageState;
import org.parley.client.StoredMessage;
import org.parley.client.exceptions.ProfileStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local, encrypted profile of one account on one server: pinned keys, verification flags, seen
 * envelope ids, message history and read marks.
 *
 * <p>Everything lives in memory indexes, loaded from a {@link RecordLog} at open. Mutators update
 * memory at once and buffer a record; {@link #commit()} makes every buffered record durable with
 * one fsync, so a receive batch costs one fsync. Callers that promise durability (acknowledging a
 * message to the broker) must commit first. Thread-safe: one monitor guards memory and the record
 * buffer; the fsync of a commit runs outside it and is shared by concurrent commits.
 *
 * <p>A profile directory is locked while open, so two clients cannot write it at once.
 */
public final class ProfileStore implements Closeable {
    private static final Logger log = LoggerFactory.getLogger(ProfileStore.class);
    public static final String LOG_FILE = "profile.plog";
    private static final String LOCK_FILE = "profile.lock";

    static final byte META = 1;
    static final byte CONTACT = 2;
    static final byte MESSAGE = 3;
    static final byte STATE = 4;
    static final byte SEEN = 5;
    static final byte READ = 6;
    static final byte HELD = 7;
    static final byte RELEASED = 8;

    private static final int SEEN_CHUNK = 2000;

    private final Path dir;
    private final String username;
    private final Clock clock;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private RecordLog logFile;
    private boolean closed;
    private @Nullable ProfileStoreException broken;

    private final Map<String, MessageEntry> messagesById = new HashMap<>();
    private final Map<String, List<MessageEntry>> messagesByPeer = new HashMap<>();
    private final Map<String, Long> readSeq = new HashMap<>();
    private final Set<String> seen = new HashSet<>();
    private final Map<String, ContactRecord> contacts = new TreeMap<>();
    private final Map<String, HeldEnvelope> held = new LinkedHashMap<>();
    private long nextSeq = 1;
    private @Nullable String metaUser;

    private ProfileStore(
            Path dir,
            String username,
            Clock clock,
            FileChannel lockChannel,
            FileLock lock,
            byte[] storeKey,
            SecureRandom random)
            throws IOException {
        this.dir = dir;
        this.username = username;
        this.clock = clock;
        this.lockChannel = lockChannel;
        this.lock = lock;
        load(storeKey, random);
    }

    /**
     * Opens (or creates) the profile in {@code dir}.
     *
     * @throws ProfileStoreException if it is locked by another client, belongs to someone else,
     *     cannot be decrypted with {@code storeKey}, or I/O fails
     */
    public static ProfileStore open(Path dir, byte[] storeKey, String username, Clock clock) {
        return open(
                dir,
                storeKey,
                username,
                clock,
                org.parley.crypto.primitives.SecureRandoms.newDrbg());
    }

    static ProfileStore open(
            Path dir, byte[] storeKey, String username, Clock clock, SecureRandom random) {
        Objects.requireNonNull(username);
        FileChannel lockChannel = null;
        try {
            createPrivateDirectories(dir);
            lockChannel =
                    FileChannel.open(
                            dir.resolve(LOCK_FILE),
                            StandardOpenOption.CREATE,
                            StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = lockChannel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                throw new ProfileStoreException(
                        "The profile of "
                                + username
                                + " is already open in another Parley window or command.",
                        null);
            }
            return new ProfileStore(dir, username, clock, lockChannel, lock, storeKey, random);
        } catch (RecordLog.KeyMismatchException e) {
            closeQuietly(lockChannel);
            throw new ProfileStoreException(
                    "The local profile in " + dir + " cannot be decrypted with this account's key.",
                    e);
        } catch (IOException e) {
            closeQuietly(lockChannel);
            throw new ProfileStoreException(
                    "The local profile in " + dir + " cannot be opened: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(lockChannel);
            throw e;
        }
    }

    private static void closeQuietly(@Nullable FileChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // nothing more to do
            }
        }
    }

    static void createPrivateDirectories(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        Files.createDirectories(dir);
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        }
    }

    private void load(byte[] storeKey, SecureRandom random) throws IOException {
        Path file = dir.resolve(LOG_FILE);
        boolean fresh = !Files.exists(file);
        logFile = RecordLog.open(file, storeKey, random, this::apply);
        if (fresh || metaUser == null) {
            metaUser = username;
            append(META, encodeMeta(username));
            commit();
        } else if (!metaUser.equals(username)) {
            logFile.close();
            throw new ProfileStoreException(
                    "The local profile in " + dir + " belongs to " + metaUser + ".", null);
        }
        if (logFile.skippedCount() > 0) {
            log.warn("Profile {}: skipped {} unreadable records", dir, logFile.skippedCount());
        }
        long live = liveRecordCount();
        // Compact when most records are superseded, or when many tiny frames (one per send) make
        // loading slow.
        if (logFile.recordCount() > 2 * live + 10_000
                || logFile.frameCount() > live / 16 + 2_000
                || logFile.skippedCount() > 0) {
            compact();
        }
    }

    // ---- record replay ------------------------------------------------------------------------

    // Fields written from non-null values read back non-null; only a damaged record lacks them.
    @SuppressWarnings("NullAway")
    private void apply(byte type, byte[] payload) {
        RecordCodec.Reader r = new RecordCodec.Reader(payload);
        switch (type) {
            case META -> {
                r.i32();
                metaUser = r.str();
            }
            case CONTACT -> {
                ContactRecord c =
                        new ContactRecord(
                                r.str(), r.bin(), r.bin(), r.bool(), r.bin(), r.bin(), r.bool(),
                                r.i64());
                contacts.put(c.username(), c);
            }
            case MESSAGE -> indexMessage(decodeMessage(r));
            case STATE -> {
                MessageEntry e = messagesById.get(r.str());
                MessageState state = MessageState.valueOf(r.str());
                if (e != null) {
                    e.state = state;
                    if (state != MessageState.SENDING) {
                        e.envelope = null;
                    }
                }
            }
            case SEEN -> {
                int n = r.i32();
                for (int i = 0; i < n; i++) {
                    seen.add(r.str());
                }
            }
            case READ -> readSeq.merge(r.str(), r.i64(), Math::max);
            case HELD -> {
                HeldEnvelope h =
                        new HeldEnvelope(
                                r.str(),
                                r.str(),
                                r.bin(),
                                r.str(),
                                r.i64(),
                                HeldEnvelope.Reason.valueOf(r.str()));
                held.put(h.id(), h);
            }
            case RELEASED -> held.remove(r.str());
            default -> log.warn("Profile {}: ignoring record of unknown type {}", dir, type);
        }
    }

    private void indexMessage(MessageEntry e) {
        if (messagesById.containsKey(e.id)) {
            return;
        }
        e.seq = nextSeq++;
        messagesById.put(e.id, e);
        messagesByPeer.computeIfAbsent(e.peer, p -> new ArrayList<>()).add(e);
    }

    private long liveRecordCount() {
        long states = messagesById.size();
        return 1
                + contacts.size()
                + states
                + (seen.size() / SEEN_CHUNK + 1)
                + readSeq.size()
                + held.size();
    }

    /** Rewrites the log as a snapshot of the current state. */
    private void compact() throws IOException {
        List<RecordLog.Entry> entries = new ArrayList<>();
        entries.add(new RecordLog.Entry(META, encodeMeta(username))); // load() checked metaUser
        for (ContactRecord c : contacts.values()) {
            entries.add(new RecordLog.Entry(CONTACT, encodeContact(c)));
        }
        List<MessageEntry> all = new ArrayList<>(messagesById.values());
        all.sort(Comparator.comparingLong(m -> m.seq));
        for (MessageEntry m : all) {
            entries.add(new RecordLog.Entry(MESSAGE, encodeMessage(m)));
        }
        List<String> ids = new ArrayList<>(seen);
        for (int i = 0; i < ids.size(); i += SEEN_CHUNK) {
            entries.add(
                    new RecordLog.Entry(
                            SEEN,
                            encodeSeen(ids.subList(i, Math.min(ids.size(), i + SEEN_CHUNK)))));
        }
        for (Map.Entry<String, Long> r : readSeq.entrySet()) {
            entries.add(new RecordLog.Entry(READ, encodeRead(r.getKey(), r.getValue())));
        }
        for (HeldEnvelope h : held.values()) {
            entries.add(new RecordLog.Entry(HELD, encodeHeld(h)));
        }
        logFile.rewrite(entries);
    }

    private void append(byte type, byte[] payload) {
        logFile.append(type, payload);
    }

    private void checkUsable() {
        if (broken != null) {
            throw broken;
        }
        if (closed) {
            throw new ProfileStoreException("The local profile is closed.", null);
        }
    }

    // ---- public API ---------------------------------------------------------------------------

    public String username() {
        return username;
    }

    public Path directory() {
        return dir;
    }

    /**
     * Makes every change since the last commit durable, and returns only then. The fsync runs
     * outside this store's monitor and is shared with commits of other threads that arrive
     * meanwhile (group commit), so readers, mutators and a concurrent send or receive batch do not
     * wait behind the disk.
     */
    public void commit() {
        persist(true);
    }

    /**
     * Writes the changes made so far to the profile file without waiting for the disk: they survive
     * the app crashing (the OS has them), not the machine losing power. The next {@link #commit()}
     * or {@link #syncIfDirty()} makes them durable.
     */
    public void write() {
        persist(false);
    }

    private void persist(boolean fsync) {
        long ticket;
        synchronized (this) {
            checkUsable();
            ticket = logFile.seal();
        }
        try {
            if (fsync) {
                logFile.syncTo(ticket);
            } else {
                logFile.writeTo(ticket);
            }
        } catch (IOException e) {
            // Memory now holds changes the disk lacks; refuse further use rather than ack on a lie.
            synchronized (this) {
                if (broken == null) {
                    broken =
                            new ProfileStoreException(
                                    "Writing the local profile failed: " + e.getMessage(), e);
                }
                throw broken;
            }
        }
    }

    /**
     * Makes everything written or changed so far durable, if anything is not yet (see {@link
     * #write()}).
     */
    public void syncIfDirty() {
        if (logFile.dirty()) {
            commit();
        }
    }

    /** Whether something is not yet fsynced (tests). */
    boolean dirtyForTest() {
        return logFile.dirty();
    }

    /**
     * Stores a new outgoing message in state SENDING together with its sealed envelope (null: none
     * kept, as for a message whose envelope was dropped once sent).
     */
    public synchronized StoredMessage addOutgoing(
            String id, String to, String text, long sentAt, byte @Nullable [] envelope) {
        checkUsable();
        return addEntry(
                new MessageEntry(
                        new StoredMessage(
                                id,
                                to,
                                Direction.OUTGOING,
                                username,
                                to,
                                text,
                                sentAt,
                                clock.millis(),
                                MessageState.SENDING),
                        envelope));
    }

    /** Stores an incoming message (state RECEIVED); its id counts as seen from now on. */
    public synchronized StoredMessage addIncoming(
            String id, String from, String text, long sentAt) {
        // A 1:1 conversation is keyed by the other person.
        return addIncomingGroup(id, from, from, text, sentAt);
    }

    /**
     * Stores an incoming group message (state RECEIVED) in the conversation {@code conversation}
     * (the group's key, see {@code org.parley.client.Groups#conversationKey}); its id counts as
     * seen.
     */
    public synchronized StoredMessage addIncomingGroup(
            String id, String conversation, String from, String text, long sentAt) {
        checkUsable();
        return addEntry(
                new MessageEntry(
                        new StoredMessage(
                                id,
                                conversation,
                                Direction.INCOMING,
                                from,
                                username,
                                text,
                                sentAt,
                                clock.millis(),
                                MessageState.RECEIVED),
                        null));
    }

    private StoredMessage addEntry(MessageEntry e) {
        if (messagesById.containsKey(e.id)) {
            throw new IllegalStateException("duplicate message id " + e.id);
        }
        indexMessage(e);
        append(MESSAGE, encodeMessage(e));
        return e.toMessage();
    }

    /**
     * Moves an outgoing message forward (SENDING → SENT → DELIVERED, or SENDING → FAILED). Never
     * moves backwards, so a receipt that overtakes the send confirmation is kept.
     *
     * @return the updated message, or empty if unknown or not a step forward
     */
    public synchronized Optional<StoredMessage> advanceState(String id, MessageState state) {
        checkUsable();
        MessageEntry e = messagesById.get(id);
        if (e == null || e.direction != Direction.OUTGOING || !isForward(e.state, state)) {
            return Optional.empty();
        }
        e.state = state;
        if (state != MessageState.SENDING) {
            e.envelope = null;
        }
        append(STATE, new RecordCodec.Writer().str(id).str(state.name()).toBytes());
        return Optional.of(e.toMessage());
    }

    private static boolean isForward(MessageState from, MessageState to) {
        return switch (from) {
            case SENDING ->
                    to == MessageState.SENT
                            || to == MessageState.DELIVERED
                            || to == MessageState.FAILED;
            case SENT -> to == MessageState.DELIVERED;
            default -> false;
        };
    }

    public synchronized Optional<StoredMessage> message(String id) {
        MessageEntry e = messagesById.get(id);
        return e == null ? Optional.empty() : Optional.of(e.toMessage());
    }

    /** The conversation with {@code peer}, oldest first. */
    public synchronized List<StoredMessage> history(String peer) {
        List<MessageEntry> list = messagesByPeer.getOrDefault(peer, List.of());
        List<StoredMessage> out = new ArrayList<>(list.size());
        for (MessageEntry e : list) {
            out.add(e.toMessage());
        }
        return out;
    }

    /** Every conversation, most recent activity first. */
    public synchronized List<Conversation> conversations() {
        List<Conversation> out = new ArrayList<>();
        for (Map.Entry<String, List<MessageEntry>> en : messagesByPeer.entrySet()) {
            List<MessageEntry> list = en.getValue();
            MessageEntry last = list.get(list.size() - 1);
            out.add(
                    new Conversation(
                            en.getKey(),
                            last.toMessage(),
                            last.storedAt,
                            unread(en.getKey(), list)));
        }
        out.sort(
                Comparator.comparingLong(Conversation::lastActivity)
                        .reversed()
                        .thenComparing(Conversation::peer));
        return out;
    }

    private int unread(String peer, List<MessageEntry> list) {
        long mark = readSeq.getOrDefault(peer, 0L);
        int n = 0;
        for (int i = list.size() - 1; i >= 0 && list.get(i).seq > mark; i--) {
            if (list.get(i).direction == Direction.INCOMING) {
                n++;
            }
        }
        return n;
    }

    public synchronized int unreadCount(String peer) {
        return unread(peer, messagesByPeer.getOrDefault(peer, List.of()));
    }

    /** Marks everything in the conversation as read; returns whether anything changed. */
    public synchronized boolean markRead(String peer) {
        checkUsable();
        List<MessageEntry> list = messagesByPeer.get(peer);
        if (list == null || list.isEmpty()) {
            return false;
        }
        long last = list.get(list.size() - 1).seq;
        if (readSeq.getOrDefault(peer, 0L) >= last) {
            return false;
        }
        readSeq.put(peer, last);
        append(READ, encodeRead(peer, last));
        return true;
    }

    public synchronized int messageCount() {
        return messagesById.size();
    }

    /**
     * Whether an envelope id was already processed (a stored message, a receipt, a held envelope).
     */
    public synchronized boolean isSeen(String id) {
        return seen.contains(id) || messagesById.containsKey(id) || held.containsKey(id);
    }

    /** Records an envelope id that produced no message (a receipt, a refused envelope). */
    public synchronized void markSeen(String id) {
        checkUsable();
        if (seen.add(id)) {
            append(SEEN, encodeSeen(List.of(id)));
        }
    }

    public synchronized Optional<ContactRecord> contact(String user) {
        return Optional.ofNullable(contacts.get(user));
    }

    public synchronized void putContact(ContactRecord c) {
        checkUsable();
        contacts.put(c.username(), c);
        append(CONTACT, encodeContact(c));
    }

    /** Contacts in name order. */
    public synchronized List<ContactRecord> contacts() {
        return new ArrayList<>(contacts.values());
    }

    /** Outgoing messages still in SENDING, oldest first, with their sealed envelopes. */
    public synchronized List<PendingEnvelope> pendingOutgoing() {
        List<MessageEntry> pending = new ArrayList<>();
        for (MessageEntry e : messagesById.values()) {
            if (e.state == MessageState.SENDING && e.envelope != null) {
                pending.add(e);
            }
        }
        pending.sort(Comparator.comparingLong(m -> m.seq));
        List<PendingEnvelope> out = new ArrayList<>(pending.size());
        for (MessageEntry e : pending) {
            out.add(
                    new PendingEnvelope(
                            e.id, e.to, Objects.requireNonNull(e.envelope, "picked for it above")));
        }
        return out;
    }

    public synchronized void hold(HeldEnvelope h) {
        checkUsable();
        if (held.putIfAbsent(h.id(), h) == null) {
            append(HELD, encodeHeld(h));
        }
    }

    public synchronized List<HeldEnvelope> held(HeldEnvelope.Reason reason) {
        List<HeldEnvelope> out = new ArrayList<>();
        for (HeldEnvelope h : held.values()) {
            if (h.reason() == reason) {
                out.add(h);
            }
        }
        return out;
    }

    public synchronized List<HeldEnvelope> heldFrom(String from) {
        List<HeldEnvelope> out = new ArrayList<>();
        for (HeldEnvelope h : held.values()) {
            if (h.from().equals(from)) {
                out.add(h);
            }
        }
        return out;
    }

    /** Forgets a held envelope; the caller stores its message or marks its id seen. */
    public synchronized void release(String id) {
        checkUsable();
        if (held.remove(id) != null) {
            append(RELEASED, new RecordCodec.Writer().str(id).toBytes());
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            logFile.close();
        } catch (IOException e) {
            throw new ProfileStoreException(
                    "Writing the local profile failed: " + e.getMessage(), e);
        } finally {
            try {
                lock.release();
                lockChannel.close();
            } catch (IOException ignored) {
                // the lock goes with the process anyway
            }
        }
    }

    // ---- records ------------------------------------------------------------------------------

    /** A stored message with what only the store keeps: its envelope and its place in order. */
    private static final class MessageEntry {
        final String id;
        final String peer;
        final Direction direction;
        final String from;
        final String to;
        final String text;
        final long sentAt;
        final long storedAt;
        MessageState state;
        byte @Nullable [] envelope;
        long seq;

        MessageEntry(StoredMessage m, byte @Nullable [] envelope) {
            this.id = m.id();
            this.peer = m.peer();
            this.direction = m.direction();
            this.from = m.from();
            this.to = m.to();
            this.text = m.text();
            this.sentAt = m.sentAt();
            this.storedAt = m.storedAt();
            this.state = m.state();
            this.envelope = envelope;
        }

        StoredMessage toMessage() {
            return new StoredMessage(id, peer, direction, from, to, text, sentAt, storedAt, state);
        }
    }

    private static byte[] encodeMeta(String user) {
        return new RecordCodec.Writer().i32(1).str(user).toBytes();
    }

    private static byte[] encodeContact(ContactRecord c) {
        return new RecordCodec.Writer()
                .str(c.username())
                .bin(c.signing())
                .bin(c.agreement())
                .bool(c.verified())
                .bin(c.pendingSigning())
                .bin(c.pendingAgreement())
                .bool(c.reverifyRequired())
                .i64(c.firstSeen())
                .toBytes();
    }

    private static byte[] encodeMessage(MessageEntry e) {
        return new RecordCodec.Writer()
                .str(e.id)
                .str(e.peer)
                .i32(e.direction == Direction.INCOMING ? 0 : 1)
                .str(e.from)
                .str(e.to)
                .str(e.text)
                .i64(e.sentAt)
                .i64(e.storedAt)
                .str(e.state.name())
                .bin(e.envelope)
                .toBytes();
    }

    // As apply(): fields written from non-null values read back non-null.
    @SuppressWarnings("NullAway")
    private static MessageEntry decodeMessage(RecordCodec.Reader r) {

        // Arguments are evaluated left to right, the order encodeMessage wrote the fields in.
        return new MessageEntry(
                new StoredMessage(
                        r.str(),
                        r.str(),
                        r.i32() == 0 ? Direction.INCOMING : Direction.OUTGOING,
                        r.str(),
                        r.str(),
                        r.str(),
                        r.i64(),
                        r.i64(),
                        MessageState.valueOf(r.str())),
                r.bin());
    }

    private static byte[] encodeSeen(List<String> ids) {
        RecordCodec.Writer w = new RecordCodec.Writer().i32(ids.size());
        for (String id : ids) {
            w.str(id);
        }
        return w.toBytes();
    }

    private static byte[] encodeRead(String peer, long seq) {
        return new RecordCodec.Writer().str(peer).i64(seq).toBytes();
    }

    private static byte[] encodeHeld(HeldEnvelope h) {
        return new RecordCodec.Writer()
                .str(h.id())
                .str(h.from())
                .bin(h.envelope())
                .str(h.validatedUser())
                .i64(h.heldAt())
                .str(h.reason().name())
                .toBytes();
    }
}
