package org.parley.client.files;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.parley.client.FileTransfer;
import org.parley.client.OutgoingMessage;
import org.parley.client.SessionListener;
import org.parley.client.StoredMessage;
import org.parley.client.contacts.ContactService;
import org.parley.client.contacts.UsernameInput;
import org.parley.client.envelopes.ContentTypes;
import org.parley.client.envelopes.InFlight;
import org.parley.client.envelopes.OutgoingStates;
import org.parley.client.exceptions.FileTooLargeException;
import org.parley.client.exceptions.InvalidInputException;
import org.parley.client.exceptions.ParleyException;
import org.parley.client.exceptions.ProfileStoreException;
import org.parley.client.exceptions.SendFailedException;
import org.parley.client.exceptions.SessionClosedException;
import org.parley.client.exceptions.TransferCancelledException;
import org.parley.client.groups.GroupMessageService;
import org.parley.client.store.PendingEnvelope;
import org.parley.client.store.ProfileStore;
import org.parley.client.transport.InboundMessage;
import org.parley.client.transport.Transport;
import org.parley.client.transport.TransportException;
import org.parley.crypto.EnvelopeCrypto;
import org.parley.crypto.FileCrypto;
import org.parley.crypto.primitives.CryptoException;
import org.parley.model.Envelope;
import org.parley.model.EnvelopeHeader;
import org.parley.model.Json;
import org.parley.model.PublicKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Files, end to end (docs/PROTOCOL.md, "Files").
 *
 * <p>Sending, on one worker thread per session: check the size against the limit before reading
 * anything; encrypt the file into {@code files/outgoing/<id>.chunks} under the profile (a random
 * key, {@link FileCrypto} chunks, SHA-256 of the ciphertext); seal a {@code file} envelope with
 * key, digest, size, name, type and an image preview; store the message (SENDING, fsynced); then
 * stream header + chunks to the broker as one large message, retrying with the same id (so the
 * broker's duplicate detection delivers it once) until it is durable; then drop the chunk file. A
 * message left SENDING by a crash is streamed again at the next login from its chunk file.
 *
 * <p>Receiving: the transport has spooled the whole body to disk. The envelope goes through the
 * normal checks; then the spool's length must be exactly what the size says, its SHA-256 must be
 * the one in the envelope, and every chunk must open; only then is the plaintext (written to a
 * hidden temporary file beside it) moved to {@code files/<id>/<sanitized name>} and the message
 * stored. Any failure deletes the temporary file: nothing partial is ever offered.
 */
public final class FileService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FileService.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    private final String me;
    private final EnvelopeCrypto crypto;
    private final ProfileStore store;
    private final ContactService contacts;
    private final GroupMessageService groups;
    private final Transport transport;
    private final SessionListener events;
    private final Clock clock;
    private final long maxFileBytes;
    private final Path filesDir;
    private final ExecutorService worker;
    private final CountDownLatch closing = new CountDownLatch(1);
    private final InFlight inFlight = new InFlight();
    private volatile boolean closed;

    /**
     * @param groups whom a group file is sealed for
     */
    public FileService(
            String me,
            EnvelopeCrypto crypto,
            ProfileStore store,
            ContactService contacts,
            GroupMessageService groups,
            Transport transport,
            SessionListener events,
            Clock clock,
            ThreadFactory threads,
            long maxFileBytes) {
        this.me = me;
        this.groups = Objects.requireNonNull(groups);
        this.crypto = crypto;
        this.store = store;
        this.contacts = contacts;
        this.transport = transport;
        this.events = events;
        this.clock = clock;
        this.maxFileBytes = maxFileBytes;
        this.filesDir = store.directory().resolve("files");
        this.worker =
                Executors.newSingleThreadExecutor(
                        r -> {
                            Thread t = threads.newThread(r);
                            t.setName("parley-files-" + me);
                            t.setDaemon(true);
                            return t;
                        });
    }

    /** Where streamed messages are spooled while they are checked. */
    public static Path spoolDir(Path profileDir) {
        return profileDir.resolve("files").resolve("spool");
    }

    /** The largest broker body a file message of at most {@code maxFileBytes} can have. */
    public static long maxStreamBytes(long maxFileBytes) {
        return FileWire.headerLength(Envelope.MAX_BYTES)
                + FileCrypto.ciphertextLength(maxFileBytes);
    }

    // ---- sending -------------------------------------------------------------------------------

    public FileTransfer send(String rawTo, Path file) {
        return start(file, (name, transfer) -> upload(() -> direct(rawTo), file, name, transfer));
    }

    /**
     * Sends a file to a group: encrypted once into one chunk file, its descriptor sealed once in a
     * group envelope for the other members of the current verified membership, then streamed to
     * each of their inboxes with the same envelope id (the broker's duplicate id), as group texts.
     */
    public FileTransfer sendToGroup(String groupId, Path file) {
        return start(file, (name, transfer) -> upload(() -> group(groupId), file, name, transfer));
    }

    private FileTransfer start(
            Path file, java.util.function.BiConsumer<String, FileTransfer> work) {
        String name =
                file == null || file.getFileName() == null
                        ? "file"
                        : FileNames.sanitize(file.getFileName().toString());
        FileTransfer transfer = new FileTransfer(name, sizeOrZero(file));
        if (closed) {
            fail(null, transfer, new SessionClosedException());
            return transfer;
        }
        track(transfer);
        try {
            worker.execute(() -> work.accept(name, transfer));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            fail(null, transfer, new SessionClosedException());
        }
        return transfer;
    }

    private static long sizeOrZero(Path file) {
        try {
            return file == null ? 0 : Files.size(file);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private void track(FileTransfer t) {
        inFlight.track(t.result());
    }

    /**
     * Where a file goes: its header, its conversation, the inboxes, and how its descriptor is
     * sealed.
     */
    private record Plan(
            EnvelopeHeader header,
            String conversation,
            List<String> recipients,
            Function<FileDescriptor, byte[]> sealer) {}

    private Plan direct(String rawTo) {
        String to = UsernameInput.recipient(rawTo, me, "a file");
        PublicKeys keys = contacts.keysForSending(to);
        EnvelopeHeader header = EnvelopeHeader.direct(me, to, clock.millis(), ContentTypes.FILE);
        return new Plan(
                header,
                to,
                List.of(to),
                d -> {
                    try {
                        return crypto.sealDirect(
                                        header,
                                        Json.write(d).getBytes(StandardCharsets.UTF_8),
                                        keys)
                                .toBytes();
                    } catch (CryptoException e) {
                        throw new ParleyException(
                                "The file could not be encrypted: " + e.getMessage(), e);
                    }
                });
    }

    private Plan group(String groupId) {
        if (groupId == null || !org.parley.model.Ids.isValid(groupId)) {
            throw new InvalidInputException("A group id is 32 lowercase hex characters.");
        }
        GroupMessageService.Recipients r = groups.recipients(groupId);
        EnvelopeHeader header =
                EnvelopeHeader.group(me, groupId, clock.millis(), ContentTypes.FILE);
        return new Plan(
                header,
                org.parley.client.Groups.conversationKey(groupId),
                new ArrayList<>(r.keys().keySet()),
                d -> sealForGroup(header, d, r));
    }

    /**
     * Seals a file descriptor once in a group envelope for {@code r}: the plaintext is the
     * descriptor's JSON plus {@code "epoch"}, as a group text carries it.
     */
    private byte[] sealForGroup(
            EnvelopeHeader header, FileDescriptor d, GroupMessageService.Recipients r) {
        com.google.gson.JsonObject o = Json.gson().toJsonTree(d).getAsJsonObject();
        o.addProperty("epoch", r.epoch());
        try {
            return crypto.sealGroup(
                            header,
                            Json.gson().toJson(o).getBytes(StandardCharsets.UTF_8),
                            r.keys())
                    .toBytes();
        } catch (CryptoException e) {
            throw new ParleyException("The file could not be encrypted: " + e.getMessage(), e);
        }
    }

    private void upload(
            java.util.function.Supplier<Plan> planner,
            Path file,
            String name,
            FileTransfer transfer) {
        Path chunks = null;
        String storedId = null;
        try {
            long size = checkFile(file, name);
            Plan plan = planner.get();
            EnvelopeHeader header = plan.header();
            chunks = outgoingChunks(header.id());
            Files.createDirectories(chunks.getParent());
            byte[] key = FileCrypto.newKey();
            double total = size + (double) FileCrypto.ciphertextLength(size);
            byte[] digest;
            try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 64 * 1024);
                    OutputStream out =
                            new BufferedOutputStream(Files.newOutputStream(chunks), 64 * 1024)) {
                digest =
                        FileCrypto.encrypt(
                                key,
                                in,
                                size,
                                out,
                                done -> {
                                    checkCancelled(transfer);
                                    transfer.progress(done / total);
                                });
            }
            String mime = Thumbnails.mimeOf(file);
            byte[] thumb = mime.startsWith("image/") ? Thumbnails.of(file).orElse(null) : null;
            FileDescriptor d =
                    new FileDescriptor(
                            name, size, mime, key, digest, FileCrypto.CHUNK_BYTES, thumb);
            byte[] envelope = plan.sealer().apply(d);
            checkCancelled(transfer);
            FileAttachment a =
                    new FileAttachment(
                            name,
                            size,
                            mime,
                            HexFormat.of().formatHex(digest),
                            thumb,
                            file.toAbsolutePath().toString());
            StoredMessage stored =
                    store.addOutgoing(
                            header.id(),
                            plan.conversation(),
                            FileMessages.encode(a),
                            header.ts(),
                            envelope);
            store.commit(); // from here on a crash streams it again at the next login
            storedId = header.id();
            events.onMessage(stored);
            streamToAll(plan.recipients(), header.id(), envelope, chunks, transfer, size / total);
            finishSent(header.id(), plan.conversation(), transfer);
        } catch (CancellationException e) {
            fail(storedId, transfer, new TransferCancelledException(name));
        } catch (IOException e) {
            fail(
                    storedId,
                    transfer,
                    new InvalidInputException("Reading " + name + " failed: " + e.getMessage()));
        } catch (RuntimeException e) {
            fail(storedId, transfer, ParleyException.unwrap(e));
        } finally {
            // Kept only for a stored message cut off by logout: the next login streams it again.
            boolean keep =
                    storedId != null
                            && transfer.result().isCompletedExceptionally()
                            && transfer.result()
                                    .handle(
                                            (v, e) ->
                                                    SendFailedException.reasonOf(e)
                                                            instanceof SessionClosedException)
                                    .join();
            if (!keep) {
                deleteQuietly(chunks);
            }
        }
    }

    /** Size and shape checks, before a byte of the file is read. */
    private long checkFile(Path file, String name) {
        if (file == null || !Files.exists(file)) {
            throw new InvalidInputException(
                    "There is no file " + (file == null ? "" : file.toString()) + ".");
        }
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException(file + " is not a regular file.");
        }
        if (!Files.isReadable(file)) {
            throw new InvalidInputException(file + " cannot be read.");
        }
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new InvalidInputException(file + " cannot be read: " + e.getMessage());
        }
        if (size > maxFileBytes) {
            throw new FileTooLargeException(
                    name
                            + " is "
                            + FileAttachment.humanSize(size)
                            + "; files can be at most "
                            + FileAttachment.humanSize(maxFileBytes)
                            + ".",
                    size,
                    maxFileBytes);
        }
        return size;
    }

    private Path outgoingChunks(String id) {
        return filesDir.resolve("outgoing").resolve(id + ".chunks");
    }

    private static void checkCancelled(FileTransfer t) {
        if (t.isCancelled()) {
            throw new CancellationException();
        }
    }

    /**
     * Streams the same bytes, same id, to each inbox in turn; progress is shared out among them.
     */
    private void streamToAll(
            List<String> recipients,
            String id,
            byte[] envelope,
            Path chunks,
            FileTransfer transfer,
            double startFraction)
            throws IOException {
        double step = (1 - startFraction) / recipients.size();
        for (int i = 0; i < recipients.size(); i++) {
            stream(
                    recipients.get(i),
                    id,
                    envelope,
                    chunks,
                    transfer,
                    startFraction + i * step,
                    startFraction + (i + 1) * step);
        }
    }

    private void stream(
            String to,
            String id,
            byte[] envelope,
            Path chunks,
            FileTransfer transfer,
            double startFraction,
            double endFraction)
            throws IOException {
        long ctLen = Files.size(chunks);
        Duration backoff = Duration.ofMillis(200);
        while (true) {
            checkCancelled(transfer);
            if (closed) {
                throw new SessionClosedException();
            }
            try (InputStream body =
                    new SequenceInputStream(
                            new ByteArrayInputStream(FileWire.header(envelope)),
                            new Progress(
                                    new BufferedInputStream(
                                            Files.newInputStream(chunks), 128 * 1024),
                                    transfer,
                                    () -> closed,
                                    startFraction,
                                    endFraction,
                                    ctLen))) {
                transport.sendStream(to, id, body);
                return;
            } catch (TransportException e) {
                checkCancelled(transfer);
                if (closed) {
                    // Logout cut it off: it stays SENDING with its chunk file and goes out at the
                    // next login.
                    throw new SessionClosedException();
                }
                if (!e.retryable()) {
                    // The transport may say exactly what went wrong (e.g. InboxFullException).
                    throw e.getCause() instanceof ParleyException reason
                            ? reason
                            : new ParleyException(e.getMessage(), e);
                }
                log.info("Streaming file {} failed, will retry: {}", id, e.getMessage());
                try {
                    transport.awaitConnected(MAX_BACKOFF);
                    closing.await(backoff.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new SessionClosedException();
                }
                backoff =
                        backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0
                                ? MAX_BACKOFF
                                : backoff.multipliedBy(2);
            }
        }
    }

    private void finishSent(String id, String to, FileTransfer transfer) {
        OutgoingMessage sent = OutgoingStates.sent(store, events, id, to);
        transfer.progress(1.0);
        transfer.result().complete(sent);
    }

    /** Fails the transfer; the message was kept if it was stored ({@code storedId} not null). */
    private void fail(@Nullable String storedId, FileTransfer transfer, ParleyException reason) {
        if (storedId != null) {
            OutgoingStates.failed(store, events, storedId, reason);
        }
        log.info("Sending {} did not complete: {}", transfer.name(), reason.getMessage());
        transfer.result().completeExceptionally(new SendFailedException(reason, storedId != null));
    }

    /**
     * Takes over a message a previous session left SENDING if it is a file: streams it again from
     * its chunk file, or marks it FAILED if that is gone. Returns false for anything else.
     */
    public boolean resend(PendingEnvelope p) {
        Optional<StoredMessage> m = store.message(p.id());
        if (m.isEmpty() || !FileMessages.isFileText(m.get().text())) {
            return false;
        }
        Path chunks = outgoingChunks(p.id());
        String name = FileMessages.attachment(m.get()).map(FileAttachment::name).orElse("file");
        FileTransfer transfer =
                new FileTransfer(
                        name,
                        FileMessages.attachment(m.get()).map(FileAttachment::size).orElse(0L));
        if (!Files.exists(chunks)) {
            fail(
                    p.id(),
                    transfer,
                    new ParleyException(
                            name + " could not be sent again: its encrypted copy is gone."));
            return true;
        }
        List<String> recipients;
        if (GroupMessageService.isGroupConversation(p.to())) {
            // The members it was sealed for: the same inboxes as the first attempt, none added.
            try {
                recipients = GroupMessageService.sealedFor(p.envelope());

            } catch (CryptoException | RuntimeException e) {
                fail(
                        p.id(),
                        transfer,
                        new ParleyException(name + " could not be sent again: " + e.getMessage()));
                deleteQuietly(chunks);
                return true;
            }
            recipients.remove(me);
        } else {
            recipients = List.of(p.to());
        }
        track(transfer);
        worker.execute(
                () -> {
                    try {
                        streamToAll(recipients, p.id(), p.envelope(), chunks, transfer, 0);
                        finishSent(p.id(), p.to(), transfer);
                        deleteQuietly(chunks);
                    } catch (IOException | RuntimeException e) {
                        ParleyException pe = ParleyException.unwrap(e);
                        fail(p.id(), transfer, pe);
                        if (!(pe instanceof SessionClosedException)) {
                            deleteQuietly(chunks);
                        }
                    }
                });
        return true;
    }

    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        return inFlight.awaitNone(timeout);
    }

    // ---- receiving -----------------------------------------------------------------------------

    /** For a spooled message: the same message with the envelope read from the spool's header. */
    public InboundMessage withEnvelope(InboundMessage in) {
        if (in.spooled() == null || in.body() != null) {
            return in;
        }
        try (InputStream s = Files.newInputStream(in.spooled())) {
            return new InboundMessage(FileWire.readEnvelope(s), in.validatedUser(), in.spooled());
        } catch (IOException e) {
            log.info("Unreadable file message from {}: {}", in.validatedUser(), e.getMessage());
            return new InboundMessage(null, in.validatedUser(), null);
        }
    }

    /**
     * Checks, decrypts and keeps the file of an opened {@code file} envelope. Returns the stored
     * message, or empty after calling {@code reject} with the reason (the id is then marked seen).
     */
    public Optional<StoredMessage> receive(
            EnvelopeHeader h, byte[] plain, @Nullable Path spool, Consumer<String> reject) {
        String from = h.from();
        FileDescriptor d;
        try {
            d = Json.parse(new String(plain, StandardCharsets.UTF_8), FileDescriptor.class);
        } catch (IllegalArgumentException e) {
            d = null;
        }
        String problem = describe(d);
        if (problem == null && spool == null) {
            problem = "arrived without its content";
        }
        if (problem != null || d == null || spool == null) { // d and spool: as problem says
            store.markSeen(h.id());
            reject.accept("A file from " + from + " was dropped: " + problem + ".");
            return Optional.empty();
        }
        String name = FileNames.sanitize(d.name());
        Path dir = filesDir.resolve(h.id());
        Path partial = dir.resolve(".incoming.part");
        try {
            verifyAndDecrypt(d, spool, dir, partial);
            Path target = dir.resolve(name).normalize();
            if (!dir.normalize().equals(target.getParent())) {
                throw new CryptoException("The file name does not stay in its folder.");
            }
            move(partial, target);
            byte[] thumb =
                    d.thumbnail() != null
                                    && d.thumbnail().length <= FileDescriptor.MAX_THUMBNAIL_BYTES
                            ? d.thumbnail()
                            : null;
            FileAttachment a =
                    new FileAttachment(
                            name,
                            d.size(),
                            FileDescriptor.safeMime(d.mime()),
                            HexFormat.of().formatHex(d.sha256()),
                            thumb,
                            target.toAbsolutePath().toString());
            String text = FileMessages.encode(a);
            return Optional.of(
                    h.isGroup()
                            ? store.addIncomingGroup(
                                    h.id(),
                                    org.parley.client.Groups.conversationKey(
                                            Objects.requireNonNull(h.group(), "a group envelope")),
                                    from,
                                    text,
                                    h.ts())
                            : store.addIncoming(h.id(), from, text, h.ts()));
        } catch (CryptoException e) {
            deleteQuietly(partial);
            store.markSeen(h.id());
            reject.accept(
                    "A file from "
                            + from
                            + " failed its integrity check and was dropped: "
                            + e.getMessage());
            return Optional.empty();
        } catch (IOException e) {
            deleteQuietly(partial);
            // Our disk, not the sender: the batch is redelivered rather than the file lost.
            throw new ProfileStoreException("Saving a received file failed: " + e.getMessage(), e);
        }
    }

    private @Nullable String describe(@Nullable FileDescriptor d) {
        if (d == null) {
            return "its description is malformed";
        }
        if (d.name() == null || d.name().length() > FileDescriptor.MAX_NAME_CHARS) {
            return "its name is missing or too long";
        }
        if (d.size() < 0) {
            return "its size is negative";
        }
        if (d.size() > maxFileBytes) {
            return "it is "
                    + FileAttachment.humanSize(d.size())
                    + ", over the limit of "
                    + FileAttachment.humanSize(maxFileBytes);
        }
        if (d.key() == null || d.key().length != FileCrypto.KEY_BYTES) {
            return "its key is malformed";
        }
        if (d.sha256() == null || d.sha256().length != FileCrypto.DIGEST_BYTES) {
            return "its digest is malformed";
        }
        if (d.chunkSize() != FileCrypto.CHUNK_BYTES) {
            return "it uses an unknown chunk size";
        }
        return null;
    }

    private static void verifyAndDecrypt(FileDescriptor d, Path spool, Path dir, Path partial)
            throws IOException, CryptoException {
        long ctLen = FileCrypto.ciphertextLength(d.size());
        try (InputStream s = new BufferedInputStream(Files.newInputStream(spool), 128 * 1024)) {
            byte[] env = FileWire.readEnvelope(s);
            long expected = FileWire.headerLength(env.length) + ctLen;
            long actual = Files.size(spool);
            if (actual != expected) {
                throw new CryptoException(
                        "it is " + actual + " bytes where its size says " + expected + ".");
            }
            // The digest first, over what arrived: a mismatch writes nothing at all.
            byte[] digest = FileCrypto.digest(s, ctLen);
            if (!java.security.MessageDigest.isEqual(digest, d.sha256())) {
                throw new CryptoException("its digest does not match the one in its message.");
            }
        }
        Files.createDirectories(dir);
        try (InputStream s = new BufferedInputStream(Files.newInputStream(spool), 128 * 1024);
                OutputStream out =
                        new BufferedOutputStream(Files.newOutputStream(partial), 128 * 1024)) {
            FileWire.readEnvelope(s);
            FileCrypto.decrypt(d.key(), s, d.size(), d.sha256(), out, done -> {});
        }
        if (Files.size(partial) != d.size()) {
            throw new CryptoException("the decrypted size differs from the announced one.");
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(
                    from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void deleteQuietly(@Nullable Path p) {
        if (p == null) {
            return;
        }
        try {
            Files.deleteIfExists(p);
        } catch (NoSuchFileException e) {
            // gone already
        } catch (IOException e) {
            log.warn("Could not delete {}: {}", p, e.toString());
        }
    }

    @Override
    public void close() {
        closed = true;
        closing.countDown();
        worker.shutdown();
        try {
            if (!worker.awaitTermination(2, TimeUnit.SECONDS)) {
                worker.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Counts chunk bytes streamed for the progress bar, and stops the stream on cancel or logout.
     */
    private static final class Progress extends FilterInputStream {
        private final FileTransfer transfer;
        private final java.util.function.BooleanSupplier closed;
        private final double start;
        private final double end;
        private final double total;
        private long read;

        Progress(
                InputStream in,
                FileTransfer transfer,
                java.util.function.BooleanSupplier closed,
                double start,
                double end,
                long total) {
            super(in);
            this.transfer = transfer;
            this.closed = closed;
            this.start = start;
            this.end = end;
            this.total = Math.max(1, total);
        }

        @Override
        public int read() throws IOException {
            check();
            int b = super.read();
            if (b >= 0) {
                advance(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            check();
            int n = super.read(b, off, len);
            if (n > 0) {
                advance(n);
            }
            return n;
        }

        private void check() throws IOException {
            if (transfer.isCancelled()) {
                throw new IOException("The transfer was cancelled.");
            }
            if (closed.getAsBoolean()) {
                // Not waiting for a long upload at logout: the broker drops the incomplete message.
                throw new IOException("The session was closed.");
            }
        }

        private void advance(long n) {
            read += n;
            transfer.progress(Math.min(0.999, start + (end - start) * Math.min(1, read / total)));
        }
    }
}
