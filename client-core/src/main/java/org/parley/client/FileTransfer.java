package org.parley.client;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.DoubleConsumer;

/**
 * An upload in progress: its progress (0..1: encrypting the file, then streaming it to the broker),
 * a way to cancel it, and the result, which completes when a broker has the whole file durably.
 * Progress listeners are called from worker threads.
 */
public final class FileTransfer {

    private final String name;
    private final long size;
    private final CompletableFuture<OutgoingMessage> result = new CompletableFuture<>();
    private final CopyOnWriteArrayList<DoubleConsumer> listeners = new CopyOnWriteArrayList<>();
    private volatile double progress;
    private volatile boolean cancelled;

    public FileTransfer(String name, long size) {
        this.name = name;
        this.size = size;
    }

    public String name() {
        return name;
    }

    public long size() {
        return size;
    }

    public double progress() {
        return progress;
    }

    public CompletableFuture<OutgoingMessage> result() {
        return result;
    }

    public void onProgress(DoubleConsumer listener) {
        listeners.add(listener);
        listener.accept(progress);
    }

    public boolean isCancelled() {
        return cancelled;
    }

    /** Stops the upload; the message ends up FAILED (if it was stored) and its result fails. */
    public void cancel() {
        if (result.isDone()) {
            return;
        }
        cancelled = true;
    }

    // ---- for client-core ----

    public void progress(double fraction) {
        double f = Math.max(0, Math.min(1, fraction));
        if (f < progress) {
            return;
        }
        progress = f;
        for (DoubleConsumer l : listeners) {
            try {
                l.accept(f);
            } catch (RuntimeException e) {
                // a listener's bug must not stop the upload
            }
        }
    }
}
