package org.parley.fx.common;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.parley.client.exceptions.ParleyException;

/**
 * How ViewModels get work off the UI thread and results back onto it. Blocking work (anything that
 * may touch the disk or the network, or wait on a lock held while doing so) goes to {@link
 * #background}; its result, or the result of a client-core future, comes back through the {@link
 * UiThread}. With a direct executor and a direct {@code UiThread} everything runs synchronously,
 * which is how ViewModel tests run.
 */
public final class Async {
    private final UiThread ui;
    private final Executor background;

    /**
     * @param ui the bridge onto the UI thread
     * @param background runs blocking work, in submission order (a single worker keeps, for
     *     instance, "mark read" before the following "load conversations")
     */
    public Async(UiThread ui, Executor background) {
        this.ui = Objects.requireNonNull(ui);
        this.background = Objects.requireNonNull(background);
    }

    /** Everything on the calling thread: for tests. */
    public static Async direct() {
        return new Async(Runnable::run, Runnable::run);
    }

    public UiThread ui() {
        return ui;
    }

    /** Runs {@code action} on the UI thread. */
    public void onUi(Runnable action) {
        ui.run(action);
    }

    /**
     * Runs {@code work} in the background, then {@code done} (or {@code failed}) on the UI thread.
     */
    public <T> void supply(
            Supplier<T> work, Consumer<? super T> done, Consumer<ParleyException> failed) {
        background.execute(
                () -> {
                    T result;
                    try {
                        result = work.get();
                    } catch (RuntimeException e) {
                        ParleyException pe = ParleyException.unwrap(e);
                        ui.run(() -> failed.accept(pe));
                        return;
                    }
                    ui.run(() -> done.accept(result));
                });
    }

    /** Runs {@code work} in the background; a failure goes to {@code failed} on the UI thread. */
    public void run(Runnable work, Consumer<ParleyException> failed) {
        supply(
                () -> {
                    work.run();
                    return null;
                },
                ignored -> {},
                failed);
    }

    /** When {@code future} completes (on whatever thread), hands its outcome to the UI thread. */
    public <T> void await(
            CompletableFuture<T> future,
            Consumer<? super T> done,
            Consumer<ParleyException> failed) {
        // The outcome goes to done or failed; the stage whenComplete returns only mirrors it.
        var unused =
                future.whenComplete(
                        (result, error) -> {
                            if (error != null) {
                                ParleyException pe = ParleyException.unwrap(error);
                                ui.run(() -> failed.accept(pe));
                            } else {
                                ui.run(() -> done.accept(result));
                            }
                        });
    }
}
