package org.parley.fx.testing;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.parley.fx.common.UiThread;

/**
 * A UI thread for ViewModel tests: actions queue up and run on the test's own thread when it calls
 * {@link #runUntil}, so ViewModels see exactly one thread, as under JavaFX, and the test stays
 * deterministic.
 */
public final class QueuedUiThread implements UiThread {
    private final BlockingQueue<Runnable> queue = new LinkedBlockingQueue<>();

    @Override
    public void run(Runnable action) {
        queue.add(action);
    }

    /** Runs queued actions until {@code condition} holds; fails after {@code timeout}. */
    public void runUntil(BooleanSupplier condition, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Runnable r;
            while ((r = queue.poll()) != null) {
                r.run();
            }
            if (condition.getAsBoolean()) {
                return;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("Timed out waiting for " + what);
            }
            try {
                r =
                        queue.poll(
                                Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)),
                                TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("Interrupted waiting for " + what, e);
            }
            if (r != null) {
                r.run();
            }
        }
    }

    public void runUntil(BooleanSupplier condition, String what) {
        runUntil(condition, Duration.ofSeconds(20), what);
    }

    /** Runs whatever is queued now. */
    public void runPending() {
        Runnable r;
        while ((r = queue.poll()) != null) {
            r.run();
        }
    }
}
