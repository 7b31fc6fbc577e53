package org.parley.fx.common;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * A form's action that runs in the background, one at a time: busy while it runs, and the error
 * line it leaves (empty while it runs and after a success). Touched on the UI thread only.
 */
public final class BackgroundAction {
    private final Async async;
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");

    public BackgroundAction(Async async) {
        this.async = Objects.requireNonNull(async);
    }

    /**
     * Marks the action busy and clears the error; once {@code work} completes, hands its result to
     * {@code done}, or shows its failure as the error.
     */
    public <T> void await(CompletableFuture<T> work, Consumer<? super T> done) {
        busy.set(true);
        error.set("");
        async.await(
                work,
                result -> {
                    busy.set(false);
                    done.accept(result);
                },
                e -> {
                    busy.set(false);
                    error.set(ErrorMessages.of(e));
                });
    }

    public boolean isBusy() {
        return busy.get();
    }

    /** Shows {@code message} as the error (empty: none). */
    public void setError(String message) {
        error.set(message);
    }

    /** Forgets the error and whether the action was running (the form was closed or reopened). */
    public void reset() {
        error.set("");
        busy.set(false);
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }
}
