package org.parley.crypto;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.function.LongConsumer;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.parley.crypto.primitives.CryptoException;
import org.parley.crypto.primitives.SecureRandoms;

/**
 * The chunk stream of an encrypted file (docs/PROTOCOL.md, "Files").
 *
 * <p>A file is encrypted under its own random 32-byte key in chunks of {@value #CHUNK_BYTES}
 * plaintext bytes (the last one shorter, possibly empty; an empty file is one empty last chunk).
 * Chunk {@code i} is {@code AES-256-GCM(key, nonce = 0x00000000 || u64be(i), chunk, aad =
 * "parley/v1/file-chunk|" || u64be(i) || u8(last))}, written as ciphertext || tag without the
 * nonce, so the stream is exactly {@link #ciphertextLength(long)} bytes. The index in nonce and AAD
 * stops reordering, dropping and duplicating chunks; the last-chunk flag stops cutting the stream
 * short at a chunk boundary; the key being random per file stops splicing chunks of other files in.
 * The SHA-256 of the whole stream travels beside the key in the sealed message.
 *
 * <p>Memory use is one chunk, whatever the file's size. JDK AES-GCM (SunJCE).
 */
public final class FileCrypto {

    public static final int CHUNK_BYTES = 64 * 1024;
    public static final int KEY_BYTES = 32;
    public static final int DIGEST_BYTES = 32;
    private static final int TAG_BYTES = 16;
    private static final byte[] AAD_PREFIX =
            "parley/v1/file-chunk|".getBytes(StandardCharsets.US_ASCII);

    private FileCrypto() {}

    /** A fresh random file key. */
    public static byte[] newKey() {
        byte[] k = new byte[KEY_BYTES];
        SecureRandoms.current().nextBytes(k);
        return k;
    }

    /** Number of chunks for a file of {@code size} plaintext bytes (at least one). */
    public static long chunkCount(long size) {
        requireSize(size);
        return size == 0 ? 1 : (size + CHUNK_BYTES - 1) / CHUNK_BYTES;
    }

    /** Exact length of the chunk stream of a file of {@code size} plaintext bytes. */
    public static long ciphertextLength(long size) {
        return size + chunkCount(size) * TAG_BYTES;
    }

    /**
     * Encrypts exactly {@code size} bytes of {@code plain} into {@code out} and returns the SHA-256
     * of what was written.
     *
     * @param progress told the plaintext bytes done so far after each chunk (may be null)
     * @throws IOException if reading or writing fails, or {@code plain} holds fewer or more than
     *     {@code size} bytes (the file changed while it was read)
     */
    public static byte[] encrypt(
            byte[] key, InputStream plain, long size, OutputStream out, LongConsumer progress)
            throws IOException {
        requireKey(key);
        long chunks = chunkCount(size);
        MessageDigest sha = sha256();
        Cipher cipher = cipher();
        byte[] buf = new byte[CHUNK_BYTES];
        long done = 0;
        for (long i = 0; i < chunks; i++) {
            boolean last = i == chunks - 1;
            int n = (int) Math.min(CHUNK_BYTES, size - done);
            readFully(plain, buf, n, "The file became shorter while it was being read.");
            byte[] ct;
            try {
                ct = crypt(cipher, Cipher.ENCRYPT_MODE, key, i, last, buf, n);
            } catch (AeadFailure e) {
                throw new IllegalStateException("AES-GCM refused a file chunk", e);
            }
            sha.update(ct);
            out.write(ct);
            done += n;
            chunkDone(done, progress);
        }
        if (plain.read() != -1) {
            throw new IOException("The file became longer while it was being read.");
        }
        return sha.digest();
    }

    /**
     * SHA-256 over exactly {@code length} bytes of {@code in}; fails if there are fewer or more.
     */
    public static byte[] digest(InputStream in, long length) throws IOException, CryptoException {
        MessageDigest sha = sha256();
        byte[] buf = new byte[CHUNK_BYTES];
        long left = length;
        while (left > 0) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (n < 0) {
                throw new CryptoException("The encrypted file is shorter than its announced size.");
            }
            sha.update(buf, 0, n);
            left -= n;
        }
        if (in.read() != -1) {
            throw new CryptoException("The encrypted file is longer than its announced size.");
        }
        return sha.digest();
    }

    /**
     * Checks and decrypts the chunk stream of a file of {@code size} plaintext bytes into {@code
     * out}. Plaintext is written chunk by chunk before the whole stream has been checked, so
     * callers write to a temporary place and offer the result only if this returns normally (or
     * check {@link #digest} first, as the client does).
     *
     * @param expectedDigest the SHA-256 of the chunk stream from the sealed message
     * @throws CryptoException if a chunk fails its tag (bit flip, reordering, dropping,
     *     duplication, splicing), the stream is shorter or longer than the size says, or its digest
     *     differs
     */
    public static void decrypt(
            byte[] key,
            InputStream ct,
            long size,
            byte[] expectedDigest,
            OutputStream out,
            LongConsumer progress)
            throws IOException, CryptoException {
        requireKey(key);
        if (expectedDigest == null || expectedDigest.length != DIGEST_BYTES) {
            throw new CryptoException("The file's digest is missing or malformed.");
        }
        long chunks = chunkCount(size);
        MessageDigest sha = sha256();
        Cipher cipher = cipher();
        byte[] buf = new byte[CHUNK_BYTES + TAG_BYTES];
        long done = 0;
        for (long i = 0; i < chunks; i++) {
            boolean last = i == chunks - 1;
            int plainLen = (int) Math.min(CHUNK_BYTES, size - done);
            int n = plainLen + TAG_BYTES;
            try {
                readFully(ct, buf, n, "truncated");
            } catch (EOFException e) {
                throw new CryptoException(
                        "The encrypted file ends early, at chunk " + i + " of " + chunks + ".");
            }
            sha.update(buf, 0, n);
            byte[] plain;
            try {
                plain = crypt(cipher, Cipher.DECRYPT_MODE, key, i, last, buf, n);
            } catch (AeadFailure e) {
                throw new CryptoException(
                        "Chunk " + i + " of the file failed its integrity check.");
            }
            out.write(plain);
            done += plainLen;
            chunkDone(done, progress);
        }
        if (ct.read() != -1) {
            throw new CryptoException("The encrypted file has data after its last chunk.");
        }
        if (!MessageDigest.isEqual(sha.digest(), expectedDigest)) {
            throw new CryptoException("The file's digest does not match the one in its message.");
        }
    }

    /**
     * After each chunk: stops when the thread is interrupted (cancellation: a transfer runs on a
     * pool thread), else reports the {@code done} plaintext bytes to {@code progress}, if any.
     */
    private static void chunkDone(long done, LongConsumer progress) throws IOException {
        if (Thread.currentThread().isInterrupted()) {
            throw new java.io.InterruptedIOException("The transfer was cancelled.");
        }
        if (progress != null) {
            progress.accept(done);
        }
    }

    /** The AAD of chunk {@code index}; package-private for tests. */
    static byte[] aad(long index, boolean last) {
        byte[] aad = new byte[AAD_PREFIX.length + 9];
        System.arraycopy(AAD_PREFIX, 0, aad, 0, AAD_PREFIX.length);
        putLong(aad, AAD_PREFIX.length, index);
        aad[aad.length - 1] = (byte) (last ? 1 : 0);
        return aad;
    }

    static byte[] nonce(long index) {
        byte[] nonce = new byte[12];
        putLong(nonce, 4, index);
        return nonce;
    }

    private static void putLong(byte[] b, int off, long v) {
        for (int i = 7; i >= 0; i--) {
            b[off + i] = (byte) v;
            v >>>= 8;
        }
    }

    private static final class AeadFailure extends Exception {
        AeadFailure() {
            super(null, null, false, false);
        }
    }

    private static byte[] crypt(
            Cipher cipher, int mode, byte[] key, long index, boolean last, byte[] buf, int len)
            throws AeadFailure {
        try {
            cipher.init(
                    mode,
                    new SecretKeySpec(key, "AES"),
                    new GCMParameterSpec(TAG_BYTES * 8, nonce(index)));
            cipher.updateAAD(aad(index, last));
            return cipher.doFinal(buf, 0, len);
        } catch (AEADBadTagException e) {
            throw new AeadFailure();
        } catch (GeneralSecurityException e) {
            if (mode == Cipher.DECRYPT_MODE) {
                throw new AeadFailure();
            }
            throw new IllegalStateException("AES-GCM refused a file chunk: " + e.getMessage(), e);
        }
    }

    private static void readFully(InputStream in, byte[] buf, int len, String shortMessage)
            throws IOException {
        int off = 0;
        while (off < len) {
            int n = in.read(buf, off, len - off);
            if (n < 0) {
                throw new EOFException(shortMessage);
            }
            off += n;
        }
    }

    private static Cipher cipher() {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    private static void requireKey(byte[] key) {
        if (key == null || key.length != KEY_BYTES) {
            throw new IllegalArgumentException("A file key is 32 bytes.");
        }
    }

    private static void requireSize(long size) {
        if (size < 0) {
            throw new IllegalArgumentException("A file size cannot be negative.");
        }
    }
}
