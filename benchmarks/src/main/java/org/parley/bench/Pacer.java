package org.parley.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs {@code senders} threads, each calling its {@link Send} in a loop until the duration is over:
 * flat out ({@code ratePerSecond <= 0}) or paced so that all senders together send at the given
 * rate. The timestamp handed to a send is its intended start (for paced runs), so a sender that
 * falls behind shows up in the latency instead of hiding it (no coordinated omission).
 */
final class Pacer {
    interface Send {
        void send(int sender, long seq, long intendedNanos) throws Exception;
    }

    static final AtomicLong SEQ = new AtomicLong();

    static long run(int senders, int seconds, int ratePerSecond, Tracker tracker, Send send)
            throws InterruptedException {
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        long interval = ratePerSecond <= 0 ? 0 : (long) (senders * 1e9 / ratePerSecond);
        List<Thread> threads = new ArrayList<>();
        AtomicLong failures = new AtomicLong();
        for (int i = 0; i < senders; i++) {
            int sender = i;
            Thread t =
                    new Thread(
                            () -> {
                                long next =
                                        start + (interval == 0 ? 0 : interval * sender / senders);
                                while (true) {
                                    long now = System.nanoTime();
                                    if (interval > 0) {
                                        if (next >= end) {
                                            break;
                                        }
                                        if (next > now) {
                                            LockSupport.parkNanos(next - now);
                                        }
                                    } else if (now >= end) {
                                        break;
                                    }
                                    long intended = interval > 0 ? next : System.nanoTime();
                                    try {
                                        send.send(sender, SEQ.incrementAndGet(), intended);
                                        tracker.sent.increment();
                                    } catch (Exception e) {
                                        if (failures.incrementAndGet() <= 3) {
                                            org.slf4j.LoggerFactory.getLogger(Pacer.class)
                                                    .warn("Send failed: {}", e.toString());
                                        }
                                    }
                                    next += interval;
                                }
                            },
                            "sender-" + i);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        return failures.get();
    }
}
