package org.parley.client.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.parley.testing.Wait;

/**
 * Streamed (file) messages through real embedded Artemis: large-message streaming both ways,
 * spooled to disk.
 */
class JmsTransportStreamTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir Path tmp;

    @RegisterExtension final BrokerFixture brokers = new BrokerFixture();

    private JmsTransport transport(String user, String url, long maxStream) {
        JmsTransport t =
                new JmsTransport(
                        List.of(url),
                        brokers.credentials(user),
                        new TransportOptions(
                                64,
                                Duration.ofSeconds(5),
                                Duration.ofMillis(500),
                                Thread::new,
                                tmp.resolve(user + "-spool"),
                                maxStream));
        brokers.closing(t);
        return t;
    }

    /**
     * Copies each spooled body while the batch is being handled (the transport deletes it
     * afterwards).
     */
    private static final class Spooled implements InboundHandler, TransportListener {
        final Map<String, byte[]> bodies = new ConcurrentHashMap<>();
        final List<String> dropped = new CopyOnWriteArrayList<>();
        final List<Path> paths = new CopyOnWriteArrayList<>();
        volatile long lastProgress;
        final java.util.Map<String, String> finalProgress =
                new java.util.concurrent.ConcurrentHashMap<>();

        @Override
        public void onBatch(List<InboundMessage> batch) {
            for (InboundMessage m : batch) {
                if (m.spooled() == null) {
                    dropped.add(m.validatedUser());
                    continue;
                }
                try {
                    byte[] b = Files.readAllBytes(m.spooled());
                    bodies.put(new String(b, 0, 8, java.nio.charset.StandardCharsets.US_ASCII), b);
                    paths.add(m.spooled());
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }
        }

        @Override
        public void onStreamProgress(String id, String from, long done, long total) {
            lastProgress = done;
            finalProgress.put(id, done + "/" + total);
        }
    }

    private static byte[] body(String tag, int size) {
        byte[] b = new byte[size];
        new Random(size).nextBytes(b);
        System.arraycopy(tag.getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, b, 0, 8);
        return b;
    }

    /** alice on {@code url}, who only sends. */
    private JmsTransport sender(String url) {
        JmsTransport alice = transport("alice", url, 10_000_000);
        alice.start(batch -> {}, null);
        return alice;
    }

    private static void sendToBob(JmsTransport alice, String id, byte[] file)
            throws TransportException {
        alice.sendStream("bob", id, new ByteArrayInputStream(file));
    }

    /** bob on {@code url}, taking streams up to {@code maxStream} bytes into his inbox. */
    private Spooled bobsInbox(String url, long maxStream) {
        Spooled inbox = new Spooled();
        transport("bob", url, maxStream).start(inbox, inbox);
        return inbox;
    }

    @Test
    void smallAndLargeStreamsArriveByteIdenticalSpooledToDiskAndTheSpoolIsDeletedAfterTheBatch()
            throws Exception {
        String url = brokers.start("n1", tmp.resolve("n1")).url();
        JmsTransport alice = sender(url);
        byte[] small = body("SMALL---", 10_000);
        byte[] large = body("LARGE---", 3_000_000);
        sendToBob(alice, "0123456789abcdef0123456789abcdef", small);
        sendToBob(alice, "1123456789abcdef0123456789abcdef", large);

        Spooled inbox = bobsInbox(url, 10_000_000);
        Wait.until(WAIT, "both streams", () -> inbox.bodies.size() == 2);
        assertArrayEquals(small, inbox.bodies.get("SMALL---"));
        assertArrayEquals(large, inbox.bodies.get("LARGE---"));
        assertEquals(
                large.length,
                inbox.lastProgress > 0 ? Math.max(inbox.lastProgress, large.length) : -1);
        // Every stream's last report says it is over, so a progress bar can go away.
        assertEquals(
                small.length + "/" + small.length,
                inbox.finalProgress.get("0123456789abcdef0123456789abcdef"));
        assertEquals(
                large.length + "/" + large.length,
                inbox.finalProgress.get("1123456789abcdef0123456789abcdef"));
        Wait.until(
                WAIT, "spool files deleted", () -> inbox.paths.stream().noneMatch(Files::exists));
    }

    @Test
    void aStreamSentAgainWithTheSameIdIsDeliveredOnce() throws Exception {
        String url = brokers.start("n1", tmp.resolve("n1")).url();
        JmsTransport alice = sender(url);
        String id = "6123456789abcdef0123456789abcdef";
        sendToBob(alice, id, body("ONCE----", 400_000));
        sendToBob(alice, id, body("ONCE----", 400_000)); // a retry after a lost ack
        sendToBob(alice, "7123456789abcdef0123456789abcdef", body("NEXT----", 1000));
        Spooled inbox = bobsInbox(url, 10_000_000);
        Wait.until(WAIT, "the next one", () -> inbox.bodies.containsKey("NEXT----"));
        assertEquals(
                2, inbox.paths.size(), "the retry was dropped by the broker's duplicate detection");
    }

    @Test
    void aStreamOverTheReceiversLimitIsDroppedUnreadAndAcknowledged() throws Exception {
        String url = brokers.start("n1", tmp.resolve("n1")).url();
        JmsTransport alice = sender(url);
        sendToBob(alice, "2123456789abcdef0123456789abcdef", body("HUGE----", 500_000));
        sendToBob(alice, "3123456789abcdef0123456789abcdef", body("FINE----", 1000));

        Spooled inbox = bobsInbox(url, 200_000);
        Wait.until(WAIT, "the small one", () -> inbox.bodies.containsKey("FINE----"));
        assertEquals(List.of("alice"), inbox.dropped);
        assertNull(inbox.bodies.get("HUGE----"));
        try (var files = Files.list(tmp.resolve("bob-spool"))) {
            assertTrue(files.findAny().isEmpty(), "nothing left in the spool");
        }
    }

    @Test
    void aSenderStreamThatFailsMidwayIsReportedAndNothingArrives() throws Exception {
        String url = brokers.start("n1", tmp.resolve("n1")).url();
        JmsTransport alice = sender(url);
        InputStream failing =
                new InputStream() {
                    int n;

                    @Override
                    public int read() throws IOException {
                        if (++n > 400_000) {
                            throw new IOException("cancelled");
                        }
                        return 7;
                    }
                };
        TransportException e =
                org.junit.jupiter.api.Assertions.assertThrows(
                        TransportException.class,
                        () -> alice.sendStream("bob", "4123456789abcdef0123456789abcdef", failing));
        assertTrue(e.getMessage().startsWith("Sending the file failed"), e.getMessage());
        sendToBob(alice, "5123456789abcdef0123456789abcdef", body("AFTER---", 1000));
        Spooled inbox = bobsInbox(url, 10_000_000);
        Wait.until(WAIT, "the later one", () -> inbox.bodies.containsKey("AFTER---"));
        assertEquals(1, inbox.bodies.size());
        assertTrue(inbox.dropped.isEmpty());
    }
}
