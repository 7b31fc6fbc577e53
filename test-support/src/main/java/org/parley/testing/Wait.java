package org.parley.testing;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Polls a condition until a deadline, as Artemis' {@code Wait} does: nothing here waits a fixed
 * time for something to happen. Deadlines are generous (a loaded two-core machine is slow); they
 * only cost time when a test is failing anyway. One argument order everywhere: timeout, what is
 * awaited (for the failure message), then the condition. Every module's tests use it, so there is
 * no other polling helper.
 */
public final class Wait {
    /** Long enough for a cluster to form or a backlog to drain on a busy build machine. */
    public static final Duration LONG = Duration.ofMinutes(2);

    private static final long POLL_NANOS = Duration.ofMillis(20).toNanos();

    private Wait() {}

    /** {@link #until(Duration, String, BooleanSupplier)} with the {@link #LONG} deadline. */
    public static Duration until(String what, BooleanSupplier condition) {
        return until(LONG, what, condition);
    }

    /**
     * Polls {@code condition} until it holds and returns how long that took; on timeout throws an
     * AssertionError naming {@code what}.
     */
    public static Duration until(Duration timeout, String what, BooleanSupplier condition) {
        long start = System.nanoTime();
        until(timeout, what, () -> condition.getAsBoolean(), Boolean::booleanValue);
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /**
     * Polls {@code value} until {@code done} accepts it and returns that value; on timeout the
     * assertion names the last value seen, which is usually the diagnosis.
     */
    public static <T> T until(
            Duration timeout, String what, Supplier<T> value, Predicate<? super T> done) {
        long deadline = System.nanoTime() + timeout.toNanos();
        T last = value.get();
        while (!done.test(last)) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError(
                        "Timed out after "
                                + timeout
                                + " waiting for "
                                + what
                                + "; last seen: "
                                + last);
            }
            LockSupport.parkNanos(
                    POLL_NANOS); // the poll interval; the deadline above bounds the wait
            if (Thread.interrupted()) {
                throw new AssertionError("Interrupted while waiting for " + what);
            }
            last = value.get();
        }
        return last;
    }
}
