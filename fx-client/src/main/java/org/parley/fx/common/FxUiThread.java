package org.parley.fx.common;

import javafx.application.Platform;

/**
 * {@link UiThread} on the JavaFX application thread: the only caller of {@link Platform#runLater}.
 */
public final class FxUiThread implements UiThread {

    @Override
    public void run(Runnable action) {
        Platform.runLater(action);
    }
}
