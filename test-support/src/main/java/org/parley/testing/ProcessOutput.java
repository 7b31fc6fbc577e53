package org.parley.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A child process's standard output, read line by line on a daemon thread, so the child never
 * blocks on a full pipe and a test can wait for a line with a deadline.
 */
public final class ProcessOutput {
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final Thread reader;

    private ProcessOutput(Process process) {
        reader =
                new Thread(
                        () -> {
                            try (BufferedReader in =
                                    new BufferedReader(
                                            new InputStreamReader(
                                                    process.getInputStream(),
                                                    StandardCharsets.UTF_8))) {
                                for (String line; (line = in.readLine()) != null; ) {
                                    lines.add(line);
                                }
                            } catch (IOException e) {
                                // the process ended or was killed: its output ends here
                            }
                        },
                        "stdout-of-" + process.pid());
        reader.setDaemon(true);
    }

    /** Starts reading {@code process}'s standard output. */
    public static ProcessOutput of(Process process) {
        ProcessOutput output = new ProcessOutput(process);
        output.reader.start();
        return output;
    }

    /** The lines read and not yet taken, in order. */
    public BlockingQueue<String> lines() {
        return lines;
    }

    /** Whether the output may still grow (the process has not closed it). */
    public boolean open() {
        return reader.isAlive();
    }

    /** The next line, or null if none came within {@code timeout}. */
    public String next(Duration timeout) throws InterruptedException {
        return lines.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Takes lines until one equals {@code expected}; fails, with what was seen, if the output ends
     * or the deadline passes first.
     */
    public void awaitLine(String expected, Duration deadline) throws InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        StringBuilder seen = new StringBuilder();
        while (true) {
            String line = lines.poll(50, TimeUnit.MILLISECONDS);
            if (line == null) {
                boolean ended = !open() && lines.isEmpty();
                if (ended || System.nanoTime() - end > 0) {
                    throw new AssertionError(
                            "The child never printed "
                                    + expected
                                    + (ended ? " (its output ended)" : " (timed out)")
                                    + "; its output:\n"
                                    + seen);
                }
            } else if (line.equals(expected)) {
                return;
            } else {
                seen.append(line).append('\n');
            }
        }
    }
}
