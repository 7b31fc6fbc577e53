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
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Append-only file of encrypted records with group commit.
 *
 * <p>Layout: {@code "PRLYLOG1"} then records {@code u32 length || u8 type || nonce(12) ||
 * AES-256-GCM(storeKey, nonce, plaintext, aad = "parley/v1/store|" + type)} where length counts
 * everything after itself. Appends are buffered until {@link #commit()}, which writes them in one
 * go and fsyncs once. On open, an incomplete or unreadable last record (a crash mid-write) is cut
 * off; an unreadable record in the middle is skipped and counted.
 */
final class RecordLog implements Closeable {
    private static final Logger log = LoggerFactory.getLogger(RecordLog.class);
    static final byte[] MAGIC = "PRLYLOG1".getBytes(StandardCharsets.US_ASCII);
    private static final int NONCE = 12;
    private static final int TAG = 16;
    private static final int MAX_RECORD = 16 * 1024 * 1024;

    /** Receives each readable record in file order while opening. */
    interface Visitor {
        void record(byte type, byte[] plaintext);
    }

    record Entry(byte type, byte[] plaintext) {
    }

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
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private FileChannel channel;
    private long recordCount;
    private long skippedCount;

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

    static RecordLog open(Path file, byte[] key, SecureRandom random, Visitor visitor) throws IOException {
        if (key.length != 32) {
            throw new IllegalArgumentException("store key must be 32 bytes");
        }
        RecordLog rl = new RecordLog(file, key, random);
        if (!Files.exists(file) || Files.size(file) == 0) {
            rl.createEmpty(file);
        } else {
            long goodEnd = rl.readAll(visitor);
            if (goodEnd < Files.size(file)) {
                log.warn("Profile log {}: cutting {} bytes of an incomplete last record", file,
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
        try (FileChannel ch = FileChannel.open(target, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(ByteBuffer.wrap(MAGIC));
            ch.force(true);
        }
        fsyncDirectory(target.getParent());
    }

    /** Reads every record; returns the offset just past the last good one. */
    private long readAll(Visitor visitor) throws IOException {
        long size = Files.size(file);
        try (InputStream raw = Files.newInputStream(file);
             DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(raw, 1 << 16))) {
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
                if (len < 1 + NONCE + TAG || len > MAX_RECORD || len > remaining - 4) {
                    return offset;
                }
                byte[] body = new byte[len];
                in.readFully(body);
                long next = offset + 4 + len;
                byte[] plain;
                try {
                    plain = decrypt(body);
                } catch (AEADBadTagException e) {
                    if (recordCount == 0 && skippedCount == 0) {
                        // The very first record is the profile's header: failing it means the key is wrong.
                        throw new KeyMismatchException(file);
                    }
                    if (next >= size) {
                        return offset; // torn last record
                    }
                    skippedCount++;
                    offset = next;
                    continue;
                }
                recordCount++;
                visitor.record(body[0], plain);
                offset = next;
            }
            return offset;
        }
    }

    private byte[] decrypt(byte[] body) throws AEADBadTagException {
        try {
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, body, 1, NONCE));
            cipher.updateAAD(aad(body[0]));
            return cipher.doFinal(body, 1 + NONCE, body.length - 1 - NONCE);
        } catch (AEADBadTagException e) {
            throw e;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private byte[] encrypt(byte type, byte[] plaintext) {
        byte[] nonce = new byte[NONCE];
        random.nextBytes(nonce);
        try {
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
            cipher.updateAAD(aad(type));
            byte[] ct = cipher.doFinal(plaintext);
            byte[] body = new byte[1 + NONCE + ct.length];
            body[0] = type;
            System.arraycopy(nonce, 0, body, 1, NONCE);
            System.arraycopy(ct, 0, body, 1 + NONCE, ct.length);
            return body;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] aad(byte type) {
        return ("parley/v1/store|" + (type & 0xff)).getBytes(StandardCharsets.US_ASCII);
    }

    private static void frame(ByteArrayOutputStream out, byte[] body) {
        int len = body.length;
        out.write(len >>> 24);
        out.write(len >>> 16);
        out.write(len >>> 8);
        out.write(len);
        out.write(body, 0, body.length);
    }

    /** Buffers a record; it reaches the disk at the next {@link #commit()}. */
    void append(byte type, byte[] plaintext) {
        frame(pending, encrypt(type, plaintext));
        recordCount++;
    }

    boolean hasPending() {
        return pending.size() > 0;
    }

    /** Writes everything appended since the last commit and fsyncs once. */
    void commit() throws IOException {
        if (pending.size() == 0) {
            return;
        }
        ByteBuffer buf = ByteBuffer.wrap(pending.toByteArray());
        while (buf.hasRemaining()) {
            channel.write(buf);
        }
        channel.force(false);
        pending.reset();
    }

    /**
     * Atomically replaces the whole log with {@code entries} (compaction): write a new file,
     * fsync it, rename it over the old one, fsync the directory.
     */
    void rewrite(List<Entry> entries) throws IOException {
        commit();
        Path tmp = file.resolveSibling(file.getFileName() + ".compact");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            out.write(MAGIC);
            for (Entry e : entries) {
                frame(out, encrypt(e.type(), e.plaintext()));
                if (out.size() > (1 << 20)) {
                    ch.write(ByteBuffer.wrap(out.toByteArray()));
                    out.reset();
                }
            }
            ch.write(ByteBuffer.wrap(out.toByteArray()));
            ch.force(true);
        }
        channel.close();
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        fsyncDirectory(file.getParent());
        channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        recordCount = entries.size();
        skippedCount = 0;
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
        try {
            commit();
        } finally {
            if (channel != null) {
                channel.close();
            }
        }
    }
}
