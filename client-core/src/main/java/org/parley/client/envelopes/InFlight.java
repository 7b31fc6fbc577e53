package org.parley.client.envelopes;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Counts futures not yet complete, so that a closing session can wait until none is left. */
public final class InFlight {
    private final AtomicInteger count = new AtomicInteger();

    /** Counts {@code work} until it completes, either way. */
    public void track(CompletableFuture<?> work) {
        count.incrementAndGet();
        // Only counts: whoever holds work sees its outcome.
        var unused =
                work.whenComplete(
                        (v, e) -> {
                            if (count.decrementAndGet() == 0) {
                                synchronized (count) {
                                    count.notifyAll();
                                }
                            }
                        });
    }

    /** Waits until nothing is in flight; false if the timeout passed first. */
    public boolean awaitNone(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (count) {
            while (count.get() > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(count, left);
            }
            return true;
        }
    }

    int count() {
        return count.get();
    }
}
