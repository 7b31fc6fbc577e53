package org.parley.auth.security;

import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import org.parley.auth.http.ApiException;

/**
 * Runs CPU-heavy work (bcrypt) on its own small pool and admits at most {@code maxInFlight} tasks
 * (running plus waiting). Beyond that a request is refused at once with 503 {@code busy}: queuing
 * without bound would only turn a burst into timeouts for everyone.
 */
public final class BoundedWorker {

    private final Executor executor;
    private final int maxInFlight;
    private final Semaphore admissions;

    /**
     * @param executor runs the tasks; its thread count is the real CPU cap
     * @param maxInFlight tasks admitted at once, running and waiting together
     */
    public BoundedWorker(Executor executor, int maxInFlight) {
        this.executor = Objects.requireNonNull(executor, "executor");
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight must be at least 1");
        }
        this.maxInFlight = maxInFlight;
        this.admissions = new Semaphore(maxInFlight);
    }

    /** Tasks admitted now, running or waiting (for monitoring and tests). */
    public int inFlight() {
        return maxInFlight - admissions.availablePermits();
    }

    /** Runs the task on the pool and waits for it; throws {@link ApiException#busy()} if full. */
    public <T> T call(Callable<T> task) {
        if (!admissions.tryAcquire()) {
            throw ApiException.busy();
        }
        AtomicBoolean released = new AtomicBoolean();
        Runnable release =
                () -> {
                    if (released.compareAndSet(false, true)) {
                        admissions.release();
                    }
                };
        // Released when the task body ends (before the caller wakes up), or in done() when the
        // task was cancelled before it ever ran.
        FutureTask<T> future =
                new FutureTask<>(
                        () -> {
                            try {
                                return task.call();
                            } finally {
                                release.run();
                            }
                        }) {
                    @Override
                    protected void done() {
                        release.run();
                    }
                };
        try {
            executor.execute(future);
        } catch (RejectedExecutionException e) {
            release.run();
            throw ApiException.busy();
        }
        try {
            return future.get();
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw ApiException.busy();
        } catch (CancellationException e) {
            throw ApiException.busy();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(cause);
        }
    }
}
