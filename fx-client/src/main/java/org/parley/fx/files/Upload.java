package org.parley.fx.files;

import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import org.jspecify.annotations.Nullable;

/**
 * A file on its way, as the chat shows it: name, progress (0..1) and, for a file being sent, a way
 * to cancel it. A file being received has no cancel: the inbox pushes it, and stopping the stream
 * would only make the broker deliver it again.
 */
public final class Upload {
    private final String name;
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(0);
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("Encrypting…");
    private final @Nullable Runnable cancel;

    public Upload(String name, @Nullable Runnable cancel) {
        this.name = name;
        this.cancel = cancel;
    }

    public String name() {
        return name;
    }

    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** Whether {@link #cancel} does anything (false for a file being received). */
    public boolean cancellable() {
        return cancel != null;
    }

    public void cancel() {
        if (cancel != null) {
            cancel.run();
        }
    }

    /** Called on the UI thread by the chat's ViewModel. */
    public void update(double fraction, String statusText) {
        progress.set(fraction);
        status.set(statusText);
    }
}
