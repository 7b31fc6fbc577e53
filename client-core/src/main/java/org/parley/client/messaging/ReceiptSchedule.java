package org.parley.client.messaging;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * When collected delivery receipts go out: {@link #AT_ONCE}, after the batch that produced them, or
 * {@link #after} a delay, so that one receipt per peer covers a burst of messages.
 */
@FunctionalInterface
public interface ReceiptSchedule {
    ReceiptSchedule AT_ONCE = Runnable::run;

    static ReceiptSchedule after(ScheduledExecutorService timer, Duration delay) {
        return flush -> {
            // The flush reports its own failures; the timer's shutdown on close cancels it.
            var unused = timer.schedule(flush, delay.toMillis(), TimeUnit.MILLISECONDS);
        };
    }

    /**
     * Runs {@code flush} now or later.
     *
     * @throws java.util.concurrent.RejectedExecutionException once the session is closing
     */
    void schedule(Runnable flush);
}
