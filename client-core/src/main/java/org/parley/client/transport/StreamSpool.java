package org.parley.client.transport;

import jakarta.jms.BytesMessage;
import jakarta.jms.JMSException;
import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receiving streamed (file) messages: Artemis writes a large message's body straight to a file
 * ({@code JMS_AMQ_SaveStream}) in pieces, so it never sits whole in the heap. The spool file lives
 * until its batch is handled.
 */
final class StreamSpool {
    private static final Logger log = LoggerFactory.getLogger(StreamSpool.class);

    /** Same name as {@code org.parley.client.files.FileWire.STREAM_PROPERTY}. */
    static final String STREAM_PROPERTY = "parley_file";

    private StreamSpool() {}

    static InboundMessage save(
            BytesMessage m, String validated, TransportOptions options, TransportListener listener)
            throws JMSException {
        long total = m.getBodyLength();
        String id = m.getStringProperty(JmsTransport.DUPLICATE_ID);
        if (options.spoolDir() == null || total <= 0 || total > options.maxStreamBytes()) {
            log.info(
                    "Dropping a streamed message of {} bytes from {} (limit {})",
                    total,
                    validated,
                    options.maxStreamBytes());
            return new InboundMessage(null, validated);
        }
        Path file;
        try {
            Files.createDirectories(options.spoolDir());
            file = options.spoolDir().resolve(UUID.randomUUID() + ".part");
        } catch (IOException e) {
            throw new IllegalStateException(
                    "Cannot create the file spool " + options.spoolDir() + ": " + e.getMessage(),
                    e);
        }
        try (OutputStream out =
                new Counting(
                        new BufferedOutputStream(Files.newOutputStream(file), 64 * 1024),
                        n -> listener.onStreamProgress(id, validated, n, total))) {
            m.setObjectProperty(
                    "JMS_AMQ_SaveStream", out); // blocks until the whole body is written
        } catch (IOException | JMSException | RuntimeException e) {
            delete(file);
            if (e instanceof JMSException je) {
                throw je;
            }
            // The consumer failed mid-stream: treat it as a broken connection so the message comes
            // again.
            JMSException je = new JMSException("Saving a streamed message failed: " + e);
            je.initCause(e);
            throw je;
        } finally {
            // The stream is over either way: a listener showing progress can take its row down.
            try {
                listener.onStreamProgress(id, validated, total, total);
            } catch (RuntimeException e) {
                log.debug("Progress listener failed: {}", e.toString());
            }
        }
        return new InboundMessage(null, validated, file);
    }

    static void deleteAll(List<InboundMessage> batch) {
        for (InboundMessage in : batch) {
            if (in.spooled() != null) {
                delete(in.spooled());
            }
        }
    }

    private static void delete(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            log.warn("Could not delete the spool file {}: {}", p, e.toString());
        }
    }

    /** Reports bytes written, at most every 256 KiB. */
    private static final class Counting extends FilterOutputStream {
        private final java.util.function.LongConsumer progress;
        private long count;
        private long reported;

        Counting(OutputStream out, java.util.function.LongConsumer progress) {
            super(out);
            this.progress = progress;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            advance(1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            advance(len);
        }

        private void advance(long n) {
            count += n;
            if (count - reported >= 256 * 1024) {
                reported = count;
                try {
                    progress.accept(count);
                } catch (RuntimeException e) {
                    log.debug("Progress listener failed: {}", e.toString());
                }
            }
        }

        @Override
        public void close() throws IOException {
            super.close();
            progress.accept(count);
        }
    }
}
