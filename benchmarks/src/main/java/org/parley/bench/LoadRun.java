package org.parley.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the message scenarios against one {@link Target}: throughput (flat out), latency (paced),
 * offline backlog. Every phase also checks correctness: each message delivered exactly once and
 * readable (the receiver parsed the sequence number out of the decrypted text).
 */
final class LoadRun {
    private static final Logger log = LoggerFactory.getLogger(LoadRun.class);
    private static final long DRAIN_TIMEOUT_MS = 180_000;
    private static final int WARM_UP_SECONDS = 15;

    /** One phase's outcome. */
    record Phase(
            String name,
            long sent,
            long delivered,
            long duplicates,
            long malformed,
            long sendFailures,
            double seconds,
            double ratePerSecond,
            double p50Ms,
            double p99Ms,
            double p999Ms,
            boolean complete) {

        boolean correct() {
            return complete
                    && sent == delivered
                    && duplicates == 0
                    && malformed == 0
                    && sendFailures == 0;
        }

        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("sent", sent);
            m.put("delivered", delivered);
            m.put("duplicates", duplicates);
            m.put("malformed", malformed);
            m.put("sendFailures", sendFailures);
            m.put("seconds", seconds);
            m.put("messagesPerSecond", ratePerSecond);
            m.put("p50Ms", p50Ms);
            m.put("p99Ms", p99Ms);
            m.put("p999Ms", p999Ms);
            m.put("complete", complete);
            return m;
        }
    }

    private LoadRun() {}

    static Phase warmUp(Target target, Scale scale) throws Exception {
        // Not measured: key directory look-ups, producers, and the JIT. With brokers and a hundred
        // clients in one JVM on 2 cores, one C2 compiler thread takes seconds to reach the hot
        // paths (AES-GCM ran 40x slower before it did), so each side first sends flat out a while.
        paced("warm-up", target, scale.pairs(), 1, scale.pairs(), scale.textBytes());
        return paced(
                "warm-up",
                target,
                scale.pairs(),
                Math.min(WARM_UP_SECONDS, scale.throughputSeconds()),
                0,
                scale.textBytes());
    }

    static Phase throughput(Target target, Scale scale) throws Exception {
        return paced(
                "throughput",
                target,
                scale.pairs(),
                scale.throughputSeconds(),
                0,
                scale.textBytes());
    }

    static Phase latency(Target target, Scale scale, int rate) throws Exception {
        return paced(
                "latency", target, scale.pairs(), scale.latencySeconds(), rate, scale.textBytes());
    }

    static Phase paced(
            String name, MessageTarget target, int senders, int seconds, int rate, int size)
            throws Exception {
        Tracker tracker = new Tracker();
        target.track(tracker);
        long start = System.nanoTime();
        long failures =
                Pacer.run(
                        senders,
                        seconds,
                        rate,
                        tracker,
                        (sender, seq, intended) ->
                                target.send(sender, Text.make(seq, intended, size)));
        boolean complete = tracker.awaitAll(tracker.sent.sum(), DRAIN_TIMEOUT_MS);
        Phase p = phase(name, tracker, failures, start, complete);
        log.info("{} {}: {}", target.name(), name, p);
        return p;
    }

    static Phase backlog(Target target, Scale scale) throws Exception {
        Tracker fill = new Tracker();
        // Every user of the pairs (senders and receivers) sends part of it: one sender may have at
        // most 1,000 messages waiting in one inbox on a node (decision 0012), so 100,000 need 100.
        int senders = 2 * scale.pairs();
        long each = scale.backlog() / senders;
        long remainder = scale.backlog() % senders;
        long t0 = System.nanoTime();
        java.util.concurrent.atomic.AtomicLong failures =
                new java.util.concurrent.atomic.AtomicLong();
        Thread[] threads = new Thread[senders];
        for (int i = 0; i < senders; i++) {
            int sender = i;
            long perSender = each + (i < remainder ? 1 : 0); // exactly scale.backlog() in all
            threads[i] =
                    new Thread(
                            () -> {
                                for (long k = 0; k < perSender; k++) {
                                    try {
                                        target.sendToBacklogUser(
                                                sender,
                                                Text.make(
                                                        Pacer.SEQ.incrementAndGet(),
                                                        System.nanoTime(),
                                                        scale.textBytes()));
                                        fill.sent.increment();
                                    } catch (Exception e) {
                                        failures.incrementAndGet();
                                    }
                                }
                            });
            threads[i].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        log.info(
                "{} backlog: {} messages queued in {} s",
                target.name(),
                fill.sent.sum(),
                (System.nanoTime() - t0) / 1e9);
        Tracker drain = new Tracker();
        drain.sent.add(fill.sent.sum());
        long start = System.nanoTime();
        target.connectBacklogUser(drain);
        log.info(
                "{} backlog: connected after {} ms",
                target.name(),
                (System.nanoTime() - start) / 1_000_000);
        boolean complete = drain.awaitAll(fill.sent.sum(), DRAIN_TIMEOUT_MS);
        Phase p = phase("backlog", drain, failures.get(), start, complete);
        log.info("{} backlog: {}", target.name(), p);
        return p;
    }

    private static Phase phase(
            String name, Tracker t, long failures, long start, boolean complete) {
        double seconds = Math.max(0, (t.lastReceiveNanos() - start) / 1e9);
        return new Phase(
                name,
                t.sent.sum(),
                t.delivered(),
                t.duplicates(),
                t.malformed(),
                failures,
                seconds,
                t.ratePerSecond(start),
                t.latency.percentileMs(50),
                t.latency.percentileMs(99),
                t.latency.percentileMs(99.9),
                complete);
    }
}
