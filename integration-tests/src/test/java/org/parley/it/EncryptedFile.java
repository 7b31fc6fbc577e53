package org.parley.it;

import jakarta.jms.BytesMessage;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import org.parley.client.files.FileDescriptor;
import org.parley.client.files.FileWire;
import org.parley.crypto.FileCrypto;
import org.parley.testing.stack.RawJms;

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

    /**
     * Sends {@code body} to {@code user}'s inbox as client-core streams a file: a large message
     * with the file-stream flag, de-duplicated by {@code id}.
     */
    static void stream(RawJms jms, String user, String id, byte[] body) throws Exception {
        try (Session s = jms.session();
                MessageProducer p = s.createProducer(s.createQueue("parley.inbox." + user))) {
            BytesMessage m = s.createBytesMessage();
            m.setObjectProperty("JMS_AMQ_InputStream", new ByteArrayInputStream(body));
            m.setStringProperty(RawJms.DUPLICATE_ID, id);
            m.setBooleanProperty(FileWire.STREAM_PROPERTY, true);
            p.send(
                    m,
                    DeliveryMode.PERSISTENT,
                    Message.DEFAULT_PRIORITY,
                    Message.DEFAULT_TIME_TO_LIVE);
        }
    }
}
