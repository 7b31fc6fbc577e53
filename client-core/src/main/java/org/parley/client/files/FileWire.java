package org.parley.client.files;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.parley.model.Envelope;

/**
 * Framing of a file message's broker body: {@code "PRLYFIL1" || u32be(envelopeLength) || envelope
 * JSON || chunk stream}. The envelope is the ordinary sealed envelope of type {@code file}; the
 * chunk stream is {@link org.parley.crypto.FileCrypto}'s.
 */
public final class FileWire {

    public static final byte[] MAGIC = "PRLYFIL1".getBytes(StandardCharsets.US_ASCII);

    /** JMS property marking a streamed (large) file message. */
    public static final String STREAM_PROPERTY = "parley_file";

    private FileWire() {}

    public static byte[] header(byte[] envelope) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(MAGIC.length + 4 + envelope.length);
        out.writeBytes(MAGIC);
        int n = envelope.length;
        out.write(n >>> 24);
        out.write(n >>> 16);
        out.write(n >>> 8);
        out.write(n);
        out.writeBytes(envelope);
        return out.toByteArray();
    }

    /** Reads the header; the stream is left at the first chunk. */
    public static byte[] readEnvelope(InputStream in) throws IOException {
        DataInputStream d = new DataInputStream(in);
        byte[] magic = new byte[MAGIC.length];
        try {
            d.readFully(magic);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new IOException(
                        "The file message does not start with the Parley file header.");
            }
            int n = d.readInt();
            if (n <= 0 || n > Envelope.MAX_BYTES) {
                throw new IOException("The file message's envelope length is out of range.");
            }
            byte[] env = new byte[n];
            d.readFully(env);
            return env;
        } catch (EOFException e) {
            throw new IOException("The file message ends inside its header.", e);
        }
    }

    public static long headerLength(int envelopeLength) {
        return MAGIC.length + 4L + envelopeLength;
    }
}
