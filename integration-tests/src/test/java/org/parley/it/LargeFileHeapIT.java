package org.parley.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.parley.client.FileTransfer;
import org.parley.client.MessageState;
import org.parley.client.OutgoingMessage;
import org.parley.client.StoredMessage;
import org.parley.client.files.FileAttachment;
import org.parley.client.files.FileMessages;
import org.parley.testing.Wait;
import org.parley.testing.stack.LocalStack;
import org.parley.testing.stack.TestAccount;
import org.parley.testing.stack.TestClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issue 6, "done" item 1: a 50 MiB file to an offline user arrives intact after login, with the
 * whole stack (auth server, both broker nodes, alice's and bob's clients) in one JVM limited to 256
 * MiB of heap, i.e. far below the file's size times the parties that handle it (two clients, one or
 * two brokers). It runs in its own failsafe execution ({@code bounded-heap}, -Xmx256m) and is
 * skipped elsewhere.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class LargeFileHeapIT {
    private static final Logger log = LoggerFactory.getLogger(LargeFileHeapIT.class);
    private static final long SIZE = 50L * 1024 * 1024;
    private static final long MAX_HEAP = 256L * 1024 * 1024;

    @TempDir Path tmp;

    @Test
    void aFiftyMebibyteFileReachesAnOfflineUserIntactWithTheHeapFarBelowItsSize() throws Exception {
        assumeTrue(
                Boolean.getBoolean("parley.it.boundedHeap"),
                "runs in the bounded-heap failsafe execution");
        assertThat(Runtime.getRuntime().maxMemory())
                .as("test JVM heap limit")
                .isLessThanOrEqualTo(MAX_HEAP);

        Path original = tmp.resolve("holiday-video.bin");
        String expectedSha = writeRandomFile(original, SIZE);
        HeapWatch heap = new HeapWatch();
        heap.start();
        try (LocalStack stack = LocalStack.start(tmp.resolve("stack"))) {
            TestAccount alice = TestAccount.create(stack.authUri(), "alice");
            TestAccount bob =
                    TestAccount.create(stack.authUri(), "bob"); // never logged in: offline
            long t0 = System.nanoTime();
            OutgoingMessage sent;
            try (TestClient alicesClient =
                    TestClient.login(tmp.resolve("alice-machine"), stack.authUri(), alice)) {
                FileTransfer transfer = alicesClient.session.sendFile("bob", original);
                sent = TestClient.await(transfer.result());
                assertThat(sent.state()).isEqualTo(MessageState.SENT);
                assertThat(transfer.progress()).isEqualTo(1.0);
            }
            long sendMs = (System.nanoTime() - t0) / 1_000_000;
            long heapAfterSend = heap.peak();

            long t1 = System.nanoTime();
            Path bobsMachine = tmp.resolve("bob-machine");
            try (TestClient bobsClient = TestClient.login(bobsMachine, stack.authUri(), bob)) {
                Wait.until(
                        "bob to receive the file", () -> bobsClient.events.incoming().size() == 1);
                long receiveMs = (System.nanoTime() - t1) / 1_000_000;
                StoredMessage m = bobsClient.events.incoming().get(0);
                assertThat(m.id()).isEqualTo(sent.id());
                assertThat(m.from()).isEqualTo("alice");
                FileAttachment a = FileMessages.attachment(m).orElseThrow();
                assertThat(a.name()).isEqualTo("holiday-video.bin");
                assertThat(a.size()).isEqualTo(SIZE);
                assertThat(a.path()).startsWith(bobsMachine);
                assertThat(Files.size(a.path())).isEqualTo(SIZE);
                assertThat(sha256(a.path()))
                        .as("digest of the received file")
                        .isEqualTo(expectedSha);
                assertThat(bobsClient.events.rejections).isEmpty();
                Wait.until("the cluster to drain bob's inbox", () -> stack.drained("bob"));
                assertThat(stack.deadLetters()).isZero();
                assertThat(leftovers(bobsMachine)).as("no spool or partial file left").isEmpty();
                log.info(
                        "50 MiB file: alice encrypted and streamed it in {} ms, bob's login until verified and saved"
                                + " {} ms; peak heap used {} MiB during the send, {} MiB overall, limit {} MiB",
                        sendMs,
                        receiveMs,
                        heapAfterSend >> 20,
                        heap.peak() >> 20,
                        Runtime.getRuntime().maxMemory() >> 20);
                // Exactly once: the message is in bob's history once, and a second login brings
                // nothing new.
                assertThat(bobsClient.session.history("alice"))
                        .extracting(StoredMessage::id)
                        .containsExactly(sent.id());
            }
        } finally {
            heap.stop();
        }
    }

    private static List<Path> leftovers(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(
                            p ->
                                    p.getFileName().toString().endsWith(".part")
                                            || p.getFileName().toString().endsWith(".chunks"))
                    .toList();
        }
    }

    static String writeRandomFile(Path file, long size) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        SplittableRandom random = new SplittableRandom(42);
        byte[] buf = new byte[1 << 20];
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
            for (long done = 0; done < size; done += buf.length) {
                for (int i = 0; i < buf.length; i += 8) {
                    long r = random.nextLong();
                    for (int j = 0; j < 8; j++) {
                        buf[i + j] = (byte) (r >>> (8 * j));
                    }
                }
                int n = (int) Math.min(buf.length, size - done);
                out.write(buf, 0, n);
                sha.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    static String sha256(Path file) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                sha.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    /** Samples the used heap every 20 ms and keeps the peak. */
    private static final class HeapWatch {
        private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        private final AtomicLong peak = new AtomicLong();
        private volatile boolean running = true;
        private final Thread thread = new Thread(this::run, "heap-watch");

        void start() {
            thread.setDaemon(true);
            thread.start();
        }

        private void run() {
            while (running) {
                peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L);
            }
        }

        long peak() {
            return peak.get();
        }

        void stop() {
            running = false;
        }
    }
}
