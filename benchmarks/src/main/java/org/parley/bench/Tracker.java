package org.parley.bench;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/** What one phase delivered: each sequence number once, with its send-to-receive latency. */
final class Tracker {
    final Stats latency = new Stats();
    private final Set<Long> seen = ConcurrentHashMap.newKeySet();
    private final LongAdder duplicates = new LongAdder();
    private final LongAdder malformed = new LongAdder();
    private final AtomicLong lastReceive = new AtomicLong();
    final long startNanos = System.nanoTime();
    final LongAdder sent = new LongAdder();

    /**
     * The baseline's messages: an ASCII text in a {@code BytesMessage}; no tracker, nothing
     * counted.
     */
    static void receivedJms(@Nullable Tracker tracker, jakarta.jms.Message message) {
        try {
            jakarta.jms.BytesMessage bytes = (jakarta.jms.BytesMessage) message;
            byte[] body = new byte[(int) bytes.getBodyLength()];
            bytes.readBytes(body);
            if (tracker != null) {
                tracker.received(new String(body, java.nio.charset.StandardCharsets.US_ASCII));
            }
        } catch (jakarta.jms.JMSException e) {
            throw new IllegalStateException(e);
        }
    }

    void received(String text) {
        long now = System.nanoTime();
        long seq;
        long sentAt;
        try {
            seq = Text.seq(text);
            sentAt = Text.sentNanos(text);
        } catch (RuntimeException e) {
            malformed.increment();
            return;
        }
        if (!seen.add(seq)) {
            duplicates.increment();
            return;
        }
        latency.add(now - sentAt);
        lastReceive.accumulateAndGet(now, Math::max);
    }

    long delivered() {
        return seen.size();
    }

    long duplicates() {
        return duplicates.sum();
    }

    long malformed() {
        return malformed.sum();
    }

    long lastReceiveNanos() {
        return lastReceive.get();
    }

    /** Waits until everything sent has arrived; false on timeout. */
    boolean awaitAll(long expected, long timeoutMs) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (delivered() < expected) {
            if (System.currentTimeMillis() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    /** Delivered messages per second from {@code fromNanos} to the last delivery. */
    double ratePerSecond(long fromNanos) {
        long end = lastReceiveNanos();
        return end <= fromNanos ? 0 : delivered() / ((end - fromNanos) / 1e9);
    }
}
