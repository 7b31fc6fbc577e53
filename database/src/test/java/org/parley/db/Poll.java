package org.parley.db;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Polls a condition until a deadline: the test helper for "eventually". */
final class Poll {
    private Poll() {}

    /**
     * Returns how long {@code condition} took to become true; throws AssertionError at the
     * deadline.
     */
    static Duration until(Duration deadline, String what, BooleanSupplier condition) {
        long start = System.nanoTime();
        long end = start + deadline.toNanos();
        while (true) {
            if (condition.getAsBoolean()) {
                return Duration.ofNanos(System.nanoTime() - start);
            }
            if (System.nanoTime() - end > 0) {
                throw new AssertionError(what + " did not happen within " + deadline);
            }
            LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
        }
    }
}
