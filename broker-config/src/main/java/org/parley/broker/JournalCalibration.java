package org.parley.broker;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.Arrays;
import java.util.Properties;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the journal's buffer timeout from the disk's sync time, as {@code artemis perf-journal}
 * does: a blocking durable send waits for the buffer to be flushed, so a timeout far above the sync
 * time caps a blocking sender at 1/timeout messages a second, and one far below it syncs more often
 * than the disk can. The measurement runs once per data dir; the result is kept in {@value
 * #FILE_NAME} so restarts start fast and behave the same.
 */
final class JournalCalibration {

    static final String FILE_NAME = "journal-buffer-timeout.properties";
    static final String KEY_TIMEOUT = "journal-buffer-timeout-ns";
    static final String KEY_MEDIAN = "median-sync-ns";
    static final String KEY_SAMPLES = "samples";
    static final String KEY_MEASURED_AT = "measured-at";

    /** Below this the timed buffer only burns CPU; tmpfs and battery-backed caches get here. */
    static final long MIN_TIMEOUT_NANOS = 10_000;

    /** Above this a disk is so slow that batching more would only add latency. */
    static final long MAX_TIMEOUT_NANOS = 20_000_000;

    static final int DEFAULT_SAMPLES = 250;
    private static final int BLOCK = 4096;

    private static final Logger log = LoggerFactory.getLogger(JournalCalibration.class);

    /** The chosen timeout and where it came from. */
    record Result(long bufferTimeoutNanos, long medianSyncNanos, String source) {}

    private JournalCalibration() {}

    /**
     * The configured timeout if there is one; otherwise the persisted calibration of {@code
     * dataDir}, measuring and persisting it first if there is none (or it is unreadable).
     */
    static Result resolve(Path dataDir, long configuredNanos, Clock clock) throws IOException {
        if (configuredNanos > 0) {
            log.info("Journal buffer timeout {} ns (configured)", configuredNanos);
            return new Result(configuredNanos, -1, "configured");
        }
        Path file = dataDir.resolve(FILE_NAME);
        Result stored = read(file);
        if (stored != null) {
            log.info(
                    "Journal buffer timeout {} ns (calibrated earlier: median fsync {} µs, see {})",
                    stored.bufferTimeoutNanos(),
                    stored.medianSyncNanos() / 1000.0,
                    file);
            return stored;
        }
        long median = measureMedianSyncNanos(dataDir, DEFAULT_SAMPLES);
        long timeout = timeoutFor(median);
        write(file, timeout, median, DEFAULT_SAMPLES, clock);
        log.info(
                "Journal buffer timeout {} ns (measured now: median fsync {} µs over {} writes on {})",
                timeout,
                median / 1000.0,
                DEFAULT_SAMPLES,
                dataDir);
        return new Result(timeout, median, "measured");
    }

    static long timeoutFor(long medianSyncNanos) {
        return Math.max(MIN_TIMEOUT_NANOS, Math.min(MAX_TIMEOUT_NANOS, medianSyncNanos));
    }

    /**
     * Writes {@code samples} 4 KiB blocks into a preallocated file, syncing the data after each one
     * (what the NIO journal does per flush), and returns the median sync time. The median, because
     * the first syncs and the odd stall say nothing about steady state.
     */
    static long measureMedianSyncNanos(Path dir, int samples) throws IOException {
        Files.createDirectories(dir);
        Path file = Files.createTempFile(dir, "sync-probe", ".tmp");
        try (FileChannel ch =
                FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer block = ByteBuffer.allocateDirect(BLOCK);
            // Preallocate (as the journal does) so each timed sync flushes data, not a growing file
            // size.
            for (int i = 0; i < samples; i++) {
                block.clear();
                ch.write(block, (long) i * BLOCK);
            }
            ch.force(true);
            long[] nanos = new long[samples];
            for (int i = 0; i < samples; i++) {
                block.clear();
                block.put(0, (byte) i);
                long start = System.nanoTime();
                ch.write(block, (long) i * BLOCK);
                ch.force(false);
                nanos[i] = System.nanoTime() - start;
            }
            Arrays.sort(nanos);
            return nanos[samples / 2];
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** The persisted calibration, or null when there is none (or it is unreadable). */
    private static @Nullable Result read(Path file) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
            long timeout = Long.parseLong(p.getProperty(KEY_TIMEOUT, "").strip());
            long median = Long.parseLong(p.getProperty(KEY_MEDIAN, "-1").strip());
            if (timeout <= 0 || timeout > BrokerNodeConfig.MAX_JOURNAL_BUFFER_TIMEOUT_NANOS) {
                throw new NumberFormatException("out of range: " + timeout);
            }
            return new Result(timeout, median, "persisted");
        } catch (IOException | RuntimeException e) {
            log.warn(
                    "Ignoring unreadable journal calibration {} ({}); measuring again",
                    file,
                    e.toString());
            return null;
        }
    }

    private static void write(Path file, long timeout, long median, int samples, Clock clock)
            throws IOException {
        Properties p = new Properties();
        p.setProperty(KEY_TIMEOUT, Long.toString(timeout));
        p.setProperty(KEY_MEDIAN, Long.toString(median));
        p.setProperty(KEY_SAMPLES, Integer.toString(samples));
        p.setProperty(KEY_MEASURED_AT, clock.instant().toString());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            p.store(
                    out,
                    "Parley broker: fsync calibration of this data dir. Delete to measure again.");
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
