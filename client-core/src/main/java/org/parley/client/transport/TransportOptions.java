package org.parley.client.transport;

import java.time.Duration;
import java.util.concurrent.ThreadFactory;
import org.jspecify.annotations.Nullable;

/**
 * Tuning of a transport.
 *
 * @param maxBatch most inbox messages handled (and fsynced) as one batch
 * @param connectTimeout how long one broker gets to accept a connection
 * @param maxBackoff longest pause between two rounds of reconnect attempts
 * @param spoolDir where streamed (file) messages are saved while they are checked; null: refuse
 *     them
 * @param maxStreamBytes the largest streamed message body taken; bigger ones are dropped unread
 */
public record TransportOptions(
        int maxBatch,
        Duration connectTimeout,
        Duration maxBackoff,
        ThreadFactory threadFactory,
        java.nio.file.@Nullable Path spoolDir,
        long maxStreamBytes) {

    public TransportOptions {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be positive");
        }
    }

    public TransportOptions(
            int maxBatch,
            Duration connectTimeout,
            Duration maxBackoff,
            ThreadFactory threadFactory) {
        this(maxBatch, connectTimeout, maxBackoff, threadFactory, null, 0);
    }
}
