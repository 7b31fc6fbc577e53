package org.parley.fx.common;

/**
 * The one bridge onto the UI thread. Session events and finished background work reach the
 * ViewModels only through this, so ViewModels never touch their properties from a worker thread.
 * The JavaFX implementation is {@link FxUiThread}; tests pass {@code Runnable::run}.
 */
@FunctionalInterface
public interface UiThread {

    /**
     * Runs {@code action} on the UI thread, later (never inline on the caller's thread in the FX
     * implementation).
     */
    void run(Runnable action);
}
