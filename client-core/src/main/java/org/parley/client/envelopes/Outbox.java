package org.parley.client.envelopes;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.parley.client.exceptions.ParleyException;
import org.parley.client.exceptions.SessionClosedException;
import org.parley.client.transport.Transport;
import org.parley.client.transport.TransportException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends sealed envelopes in order on one thread. A send that fails because the connection is down
 * is repeated with the same bytes and id once the transport is back (the broker's duplicate
 * detection makes that safe), so callers only see permanent failures.
 */
public final class Outbox implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Outbox.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    private record Item(String to, String id, byte[] body, CompletableFuture<Void> done) {}

    private final Transport transport;
    private final BlockingQueue<Item> queue = new LinkedBlockingQueue<>();
    private final CountDownLatch closing = new CountDownLatch(1);
    private final Thread worker;
    private final InFlight inFlight = new InFlight();
    private volatile boolean closed;

    public Outbox(Transport transport, ThreadFactory threads, String name) {
        this.transport = transport;
        this.worker = threads.newThread(this::run);
        worker.setName("parley-outbox-" + name);
        worker.setDaemon(true);
    }

    public void start() {
        worker.start();
    }

    /** Queues an envelope; the future completes once a broker has it durably. */
    public CompletableFuture<Void> enqueue(String to, String id, byte[] body) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (closed) {
            done.completeExceptionally(new SessionClosedException());
            return done;
        }
        inFlight.track(done);
        queue.add(new Item(to, id, body, done));
        return done;
    }

    /** Waits until nothing is queued or being sent; false if the timeout passed first. */
    public boolean awaitEmpty(Duration timeout) throws InterruptedException {
        return inFlight.awaitNone(timeout);
    }

    /** Envelopes queued or being sent. */
    int pending() {
        return inFlight.count();
    }

    private void run() {
        try {
            while (!closed) {
                Item item = queue.poll(500, TimeUnit.MILLISECONDS);
                if (item != null) {
                    deliver(item);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void deliver(Item item) throws InterruptedException {
        Duration backoff = Duration.ofMillis(100);
        while (!closed) {
            try {
                transport.send(item.to(), item.id(), item.body());
                item.done().complete(null);
                return;
            } catch (TransportException e) {
                if (!e.retryable()) {
                    // The transport may say exactly what went wrong (e.g. InboxFullException).
                    item.done()
                            .completeExceptionally(
                                    e.getCause() instanceof ParleyException pe
                                            ? pe
                                            : new ParleyException(e.getMessage(), e));
                    return;
                }
                log.debug("Send of {} failed, will retry: {}", item.id(), e.getMessage());
                try {
                    transport.awaitConnected(MAX_BACKOFF);
                    closing.await(backoff.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException interrupted) {
                    // close() woke us: the envelope stays SENDING for the next login.
                    item.done().completeExceptionally(new SessionClosedException());
                    throw interrupted;
                }
                backoff =
                        backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0
                                ? MAX_BACKOFF
                                : backoff.multipliedBy(2);
            } catch (RuntimeException e) {
                // Interrupted by close(): the envelope may or may not have arrived; it stays queued
                // (SENDING) and its retry is deduplicated by id.
                item.done()
                        .completeExceptionally(
                                closed ? new SessionClosedException() : ParleyException.unwrap(e));
                return;
            }
        }
        item.done().completeExceptionally(new SessionClosedException());
    }

    @Override
    public void close() {
        closed = true;
        closing.countDown();
        if (worker.isAlive() && worker != Thread.currentThread()) {
            worker.interrupt();
            try {
                worker.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        List<Item> left = new ArrayList<>();
        queue.drainTo(left);
        for (Item i : left) {
            i.done().completeExceptionally(new SessionClosedException());
        }
    }
}
