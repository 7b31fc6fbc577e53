package org.parley.it;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import org.parley.client.files.FileDescriptor;
import org.parley.client.files.FileWire;
import org.parley.crypto.FileCrypto;

/**
 * A file encrypted as client-core does it, for tests that craft file messages by hand: the
 * descriptor an envelope carries (name, size, key, digest) and the encrypted chunks.
 */
record EncryptedFile(FileDescriptor descriptor, byte[] chunks) {

    /**
     * {@code plain} encrypted under a fresh key; with {@code wrongDigest} the descriptor's digest
     * has one bit flipped.
     */
    static EncryptedFile of(String name, byte[] plain, boolean wrongDigest) throws Exception {
        byte[] key = FileCrypto.newKey();
        ByteArrayOutputStream ct = new ByteArrayOutputStream();
        byte[] digest =
                FileCrypto.encrypt(key, new ByteArrayInputStream(plain), plain.length, ct, null);
        if (wrongDigest) {
            digest[3] ^= 0x40;
        }
        return new EncryptedFile(
                new FileDescriptor(
                        name,
                        plain.length,
                        "text/plain",
                        key,
                        digest,
                        FileCrypto.CHUNK_BYTES,
                        null),
                ct.toByteArray());
    }

    /** A streamed file message's body: the envelope's wire header, then {@code chunks}. */
    static byte[] body(byte[] envelope, byte[] chunks) {
        byte[] h = FileWire.header(envelope);
        byte[] out = Arrays.copyOf(h, h.length + chunks.length);
        System.arraycopy(chunks, 0, out, h.length, chunks.length);
        return out;
    }
}
