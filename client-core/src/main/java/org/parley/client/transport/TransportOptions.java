package org.parley.client.transport;

import java.time.Duration;
import java.util.concurrent.ThreadFactory;

/**
 * Tuning of a transport.
 *
 * @param maxBatch       most inbox messages handled (and fsynced) as one batch
 * @param connectTimeout how long one broker gets to accept a connection
 * @param maxBackoff     longest pause between two rounds of reconnect attempts
 */
public record TransportOptions(int maxBatch, Duration connectTimeout, Duration maxBackoff, ThreadFactory threadFactory) {

    public TransportOptions {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be positive");
        }
    }
}
