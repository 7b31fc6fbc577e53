package org.parley.client.envelopes;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.parley.client.exceptions.ParleyException;
import org.parley.client.exceptions.SendFailedException;
import org.parley.client.exceptions.SessionClosedException;

/**
 * One session's sends, one after another in call order, on the shared executor: each send is
 * sealed, stored and queued in the {@link Outbox} before the next one starts, so the history and
 * the broker see them in the order they were made. Other work of the session stays concurrent.
 *
 * <p>A send is a step that either throws, having stored nothing, or returns a future that fails
 * only after the message was stored. The lane turns that into {@link SendFailedException#kept()}.
 */
public final class SendLane {
    private final Executor executor;
    private final BooleanSupplier closed;
    private final Queue<Waiting<?>> queue = new ArrayDeque<>();
    private boolean draining;

    /**
     * @param closed true once the session is closed: sends still waiting are refused then
     */
    public SendLane(Executor executor, BooleanSupplier closed) {
        this.executor = executor;
        this.closed = closed;
    }

    /**
     * Runs {@code send} after every send submitted before it. The result fails with a {@link
     * SendFailedException}: not kept if {@code send} threw or the session closed first, kept if the
     * future it returned failed.
     */
    public <T> CompletableFuture<T> submit(Supplier<CompletableFuture<T>> send) {
        CompletableFuture<T> result = new CompletableFuture<>();
        if (closed.getAsBoolean()) {
            result.completeExceptionally(notKept(new SessionClosedException()));
            return result;
        }
        boolean start;
        synchronized (queue) {
            queue.add(new Waiting<>(send, result));
            start = !draining;
            draining = true;
        }
        if (start) {
            try {
                executor.execute(this::drain);
            } catch (RejectedExecutionException e) {
                refuseWaiting();
            }
        }
        return result;
    }

    private void drain() {
        while (true) {
            Waiting<?> next;
            synchronized (queue) {
                next = queue.poll();
                if (next == null) {
                    draining = false;
                    return;
                }
            }
            if (closed.getAsBoolean()) {
                next.refuse();
            } else {
                next.run();
            }
        }
    }

    /** The executor is shut down: the session is going away. */
    private void refuseWaiting() {
        List<Waiting<?>> waiting;
        synchronized (queue) {
            waiting = new ArrayList<>(queue);
            queue.clear();
            draining = false;
        }
        waiting.forEach(Waiting::refuse);
    }

    /** A send not started yet, and its caller's future. */
    private record Waiting<T>(Supplier<CompletableFuture<T>> send, CompletableFuture<T> result) {
        void run() {
            CompletableFuture<T> sending;
            try {
                sending = send.get();
            } catch (RuntimeException | Error e) {
                // As supplyAsync did: even an Error fails this send only, not the lane.
                result.completeExceptionally(notKept(e));
                return;
            }
            // The outcome goes to result; nothing else waits on this stage.
            var unused =
                    sending.whenComplete(
                            (sent, failure) -> {
                                if (failure == null) {
                                    result.complete(sent);
                                } else {
                                    result.completeExceptionally(kept(failure));
                                }
                            });
        }

        void refuse() {
            result.completeExceptionally(notKept(new SessionClosedException()));
        }
    }

    private static SendFailedException notKept(Throwable failure) {
        ParleyException e = ParleyException.unwrap(failure);
        return e instanceof SendFailedException f ? f : new SendFailedException(e, false);
    }

    private static SendFailedException kept(Throwable failure) {
        ParleyException e = ParleyException.unwrap(failure);
        return e instanceof SendFailedException f ? f : new SendFailedException(e, true);
    }
}
