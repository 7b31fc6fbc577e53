package org.parley.fx.common;

/** Shows a desktop notification. Called on the UI thread. */
@FunctionalInterface
public interface Notifier {
    Notifier NONE = (title, text) -> {};

    void show(String title, String text);
}
