package org.parley.bench;

import java.util.Arrays;
import java.util.concurrent.ConcurrentLinkedQueue;

/** Latency samples in nanoseconds; percentiles by nearest rank. */
final class Stats {
    private final ConcurrentLinkedQueue<Long> samples = new ConcurrentLinkedQueue<>();

    void add(long nanos) {
        samples.add(nanos);
    }

    int count() {
        return samples.size();
    }

    /** Percentile {@code p} (0–100) in milliseconds, NaN without samples. */
    double percentileMs(double p) {
        long[] a = samples.stream().mapToLong(Long::longValue).toArray();
        if (a.length == 0) {
            return Double.NaN;
        }
        Arrays.sort(a);
        int rank = (int) Math.ceil(p / 100.0 * a.length) - 1;
        return a[Math.max(0, Math.min(a.length - 1, rank))] / 1e6;
    }
}
