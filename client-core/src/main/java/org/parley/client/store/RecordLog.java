package org.parley.client.store;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Append-only file of encrypted records with group commit.
 *
 * <p>Layout: {@code "PRLYLOG2"} then frames {@code u32 length || nonce(12) || AES-256-GCM(storeKey,
 * nonce, records, aad = "parley/v1/store-frame")} where length counts everything after itself and
 * {@code records} is a sequence of {@code u8 type || u32 length || payload}. Appends are buffered
 * until {@link #commit()}, which seals them as one frame, writes it and fsyncs once, so a batch is
 * on disk entirely or not at all. On open, an incomplete or unreadable last frame (a crash
 * mid-write) is cut off; an unreadable frame in the middle is skipped and counted.
 *
 * <p>Group commit: {@link #seal()} is cheap (no I/O) and returns a ticket; {@link #syncTo(long)}
 * returns once everything up to that ticket is on disk. One thread at a time writes and fsyncs,
 * taking every frame sealed so far, so callers that arrive while an fsync runs share the next one,
 * and nobody holds the buffer lock (or the caller's lock) during I/O.
 */
final class RecordLog implements Closeable {
    private static final Logger log = LoggerFactory.getLogger(RecordLog.class);
    static final byte[] MAGIC = "PRLYLOG2".getBytes(StandardCharsets.US_ASCII);
    private static final int NONCE = 12;
    private static final int TAG = 16;
    private static final int MAX_FRAME = 64 * 1024 * 1024;

    /** A commit larger than this is split into several frames. */
    private static final int FRAME_TARGET = 1024 * 1024;

    private static final byte[] AAD = "parley/v1/store-frame".getBytes(StandardCharsets.US_ASCII);

    /** Receives each readable record in file order while opening. */
    interface Visitor {
        void record(byte type, byte[] plaintext);
    }

    record Entry(byte type, byte[] plaintext) {}

    /** The log was written under another key; nothing is changed. */
    static final class KeyMismatchException extends IOException {
        private static final long serialVersionUID = 1L;

        KeyMismatchException(Path file) {
            super("profile log " + file + " was written with another key");
        }
    }

    private final Path file;
    private final SecretKeySpec key;
    private final SecureRandom random;
    private final Cipher cipher;

    /** Sealed frames waiting for the next commit. */
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

    /** Records of the frame being filled. */
    private final ByteArrayOutputStream bundle = new ByteArrayOutputStream();

    /**
     * Held while writing and fsyncing, and while the file is swapped or closed; never inside {@code
     * this}.
     */
    private final Object ioLock = new Object();

    private FileChannel channel;

    /** Bytes of frames sealed since open (guarded by {@code this}). */
    private long sealedBytes;

    /** Bytes of frames known to be on disk; only grows. */
    private volatile long durableBytes;

    /** Bytes of frames written to the file, fsynced or not; only grows. */
    private volatile long writtenBytes;

    /** A failed write or fsync: the file state is unknown, so every later sync fails too. */
    private volatile @Nullable IOException failure;

    private long recordCount;
    private long frameCount;
    private long skippedCount;

    @SuppressWarnings("NullAway.Init") // open() sets the channel before it hands the log out
    private RecordLog(Path file, byte[] key, SecureRandom random) {
        this.file = file;
        this.key = new SecretKeySpec(Arrays.copyOf(key, key.length), "AES");
        this.random = random;
        try {
            this.cipher = Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }

    static RecordLog open(Path file, byte[] key, SecureRandom random, Visitor visitor)
            throws IOException {
        if (key.length != 32) {
            throw new IllegalArgumentException("store key must be 32 bytes");
        }
        RecordLog rl = new RecordLog(file, key, random);
        if (!Files.exists(file) || Files.size(file) == 0) {
            rl.createEmpty(file);
        } else {
            long goodEnd = rl.readAll(visitor);
            if (goodEnd < Files.size(file)) {
                log.warn(
                        "Profile log {}: cutting {} bytes of an incomplete last record",
                        file,
                        Files.size(file) - goodEnd);
                try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                    ch.truncate(goodEnd);
                    ch.force(true);
                }
            }
        }
        rl.channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        return rl;
    }

    private void createEmpty(Path target) throws IOException {
        try (FileChannel ch =
                FileChannel.open(
                        target,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(ByteBuffer.wrap(MAGIC));
            ch.force(true);
        }
        fsyncDirectory(Objects.requireNonNull(target.getParent(), "the log lies in a directory"));
    }

    /** Reads every record; returns the offset just past the last good one. */
    private long readAll(Visitor visitor) throws IOException {
        long size = Files.size(file);
        try (InputStream raw = Files.newInputStream(file);
                DataInputStream in =
                        new DataInputStream(new java.io.BufferedInputStream(raw, 1 << 16))) {
            byte[] magic = new byte[MAGIC.length];
            try {
                in.readFully(magic);
            } catch (EOFException e) {
                throw new IOException("not a Parley profile log: " + file);
            }
            if (!Arrays.equals(magic, MAGIC)) {
                throw new IOException("not a Parley profile log: " + file);
            }
            long offset = MAGIC.length;
            while (offset < size) {
                long remaining = size - offset;
                if (remaining < 4) {
                    return offset;
                }
                int len = in.readInt();
                if (len < NONCE + TAG || len > MAX_FRAME || len > remaining - 4) {
                    return offset;
                }
                byte[] body = new byte[len];
                in.readFully(body);
                long next = offset + 4 + len;
                byte[] plain;
                try {
                    plain = decrypt(body);
                } catch (AEADBadTagException e) {
                    if (frameCount == 0 && skippedCount == 0) {
                        // The first frame holds the profile's header: failing it means the key is
                        // wrong.
                        throw new KeyMismatchException(file);
                    }
                    if (next >= size) {
                        return offset; // torn last frame
                    }
                    skippedCount++;
                    offset = next;
                    continue;
                }
                frameCount++;
                replay(plain, visitor);
                offset = next;
            }
            return offset;
        }
    }

    private void replay(byte[] plain, Visitor visitor) {
        ByteBuffer buf = ByteBuffer.wrap(plain);
        while (buf.remaining() >= 5) {
            byte type = buf.get();
            int len = buf.getInt();
            if (len < 0 || len > buf.remaining()) {
                throw new IllegalStateException("damaged frame in " + file);
            }
            byte[] rec = new byte[len];
            buf.get(rec);
            recordCount++;
            visitor.record(type, rec);
        }
    }

    private byte[] decrypt(byte[] body) throws AEADBadTagException {
        try {
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, body, 0, NONCE));
            cipher.updateAAD(AAD);
            return cipher.doFinal(body, NONCE, body.length - NONCE);
        } catch (AEADBadTagException e) {
            throw e;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private byte[] encrypt(byte[] plaintext) {
        byte[] nonce = new byte[NONCE];
        random.nextBytes(nonce);
        try {
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
            cipher.updateAAD(AAD);
            byte[] ct = cipher.doFinal(plaintext);
            byte[] body = new byte[NONCE + ct.length];
            System.arraycopy(nonce, 0, body, 0, NONCE);
            System.arraycopy(ct, 0, body, NONCE, ct.length);
            return body;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void addRecord(ByteArrayOutputStream out, byte type, byte[] payload) {
        out.write(type);
        writeInt(out, payload.length);
        out.write(payload, 0, payload.length);
    }

    private static void writeInt(ByteArrayOutputStream out, int v) {
        out.write(v >>> 24);
        out.write(v >>> 16);
        out.write(v >>> 8);
        out.write(v);
    }

    private static void frame(ByteArrayOutputStream out, byte[] body) {
        writeInt(out, body.length);
        out.write(body, 0, body.length);
    }

    /** Buffers a record; it reaches the disk at the next {@link #commit()}. */
    synchronized void append(byte type, byte[] payload) {
        addRecord(bundle, type, payload);
        recordCount++;
        if (bundle.size() >= FRAME_TARGET) {
            sealBundle();
        }
    }

    private void sealBundle() {
        if (bundle.size() > 0) {
            int before = pending.size();
            frame(pending, encrypt(bundle.toByteArray()));
            sealedBytes += pending.size() - before;
            bundle.reset();
            frameCount++;
        }
    }

    synchronized boolean hasPending() {
        return pending.size() > 0 || bundle.size() > 0;
    }

    /**
     * Seals everything appended so far into a frame, without I/O; pass the returned ticket to
     * {@link #syncTo(long)} to wait until it is on disk.
     */
    synchronized long seal() {
        sealBundle();
        return sealedBytes;
    }

    /**
     * Returns once every frame up to {@code ticket} is written and fsynced. If another thread's
     * fsync already covered it, returns at once; otherwise one fsync covers every frame sealed by
     * the time it starts (group commit).
     */
    void syncTo(long ticket) throws IOException {
        if (durableBytes >= ticket) {
            return;
        }
        synchronized (ioLock) {
            if (durableBytes >= ticket) {
                return;
            }
            long end = writeSealed();
            try {
                channel.force(false);
            } catch (IOException | RuntimeException e) {
                failure = e instanceof IOException io ? io : new IOException(e);
                throw failure;
            }
            durableBytes = end;
        }
    }

    /**
     * Returns once every frame up to {@code ticket} is written to the file, without an fsync: it
     * then survives the app crashing but not the machine; the next {@link #syncTo} covers it.
     */
    void writeTo(long ticket) throws IOException {
        if (writtenBytes >= ticket) {
            return;
        }
        synchronized (ioLock) {
            if (writtenBytes < ticket) {
                writeSealed();
            }
        }
    }

    /** Whether something sealed is not yet fsynced. */
    boolean dirty() {
        synchronized (this) {
            return sealedBytes > durableBytes || bundle.size() > 0;
        }
    }

    /** Writes every sealed frame (under {@code ioLock}); returns the end offset now written. */
    private long writeSealed() throws IOException {
        if (failure != null) {
            throw new IOException(
                    "an earlier write of the profile failed: " + failure.getMessage(), failure);
        }
        byte[] data;
        long end;
        synchronized (this) {
            sealBundle();
            data = pending.toByteArray();
            pending.reset();
            end = sealedBytes;
        }
        try {
            ByteBuffer buf = ByteBuffer.wrap(data);
            while (buf.hasRemaining()) {
                channel.write(buf);
            }
        } catch (IOException | RuntimeException e) {
            failure = e instanceof IOException io ? io : new IOException(e);
            throw failure;
        }
        writtenBytes = end;
        return end;
    }

    /**
     * Writes everything appended since the last commit and fsyncs (shared with concurrent commits).
     */
    void commit() throws IOException {
        syncTo(seal());
    }

    /**
     * Atomically replaces the whole log with {@code entries} (compaction): write a new file, fsync
     * it, rename it over the old one, fsync the directory.
     */
    void rewrite(List<Entry> entries) throws IOException {
        synchronized (ioLock) {
            commit();
            rewriteLocked(entries);
        }
    }

    private void rewriteLocked(List<Entry> entries) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".compact");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream records = new ByteArrayOutputStream();
        long frames = 0;
        try (FileChannel ch =
                FileChannel.open(
                        tmp,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING)) {
            out.write(MAGIC);
            for (Entry e : entries) {
                addRecord(records, e.type(), e.plaintext());
                if (records.size() >= FRAME_TARGET) {
                    frame(out, encrypt(records.toByteArray()));
                    records.reset();
                    frames++;
                    writeFully(ch, out);
                }
            }
            if (records.size() > 0) {
                frame(out, encrypt(records.toByteArray()));
                frames++;
            }
            writeFully(ch, out);
            ch.force(true);
        }
        channel.close();
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        fsyncDirectory(Objects.requireNonNull(file.getParent(), "the log lies in a directory"));

        channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        recordCount = entries.size();
        frameCount = frames;
        skippedCount = 0;
    }

    private static void writeFully(FileChannel ch, ByteArrayOutputStream out) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(out.toByteArray());
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
        out.reset();
    }

    long frameCount() {
        return frameCount;
    }

    long recordCount() {
        return recordCount;
    }

    long skippedCount() {
        return skippedCount;
    }

    private static void fsyncDirectory(Path dir) {
        // Makes a create/rename durable; not possible on every platform, harmless to skip there.
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            log.debug("directory fsync not supported for {}", dir);
        }
    }

    @Override
    public void close() throws IOException {
        synchronized (ioLock) {
            try {
                commit();
            } finally {
                if (channel != null) {
                    channel.close();
                }
            }
        }
    }
}
