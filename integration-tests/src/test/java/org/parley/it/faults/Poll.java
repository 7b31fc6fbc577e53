package org.parley.it.faults;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Polls a condition until a deadline; the fault tests never sleep a fixed time to wait for something. */
final class Poll {
    static final Duration LONG = Duration.ofSeconds(120);
    private static final long POLL_NANOS = Duration.ofMillis(20).toNanos();

    private Poll() {
    }

    static void until(String what, BooleanSupplier condition) {
        until(LONG, what, condition);
    }

    static void until(Duration timeout, String what, BooleanSupplier condition) {
        until(timeout, what, condition::getAsBoolean, Boolean::booleanValue);
    }

    /** Polls {@code value} until {@code done} accepts it; the timeout's message names the last value seen. */
    static <T> T until(Duration timeout, String what, Supplier<T> value, Predicate<? super T> done) {
        long deadline = System.nanoTime() + timeout.toNanos();
        T last = value.get();
        while (!done.test(last)) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("Timed out after " + timeout + " waiting for " + what + "; last seen: " + last);
            }
            LockSupport.parkNanos(POLL_NANOS);
            if (Thread.interrupted()) {
                throw new AssertionError("Interrupted while waiting for " + what);
            }
            last = value.get();
        }
        return last;
    }
}
