package org.parley.fx;

import javafx.application.Application;
import org.parley.fx.app.ParleyApp;

/**
 * Main class of the runnable jar. It does not extend {@link Application}, so the JavaFX launcher
 * does not insist on JavaFX being on the module path; the classpath is enough.
 */
public final class Launcher {
    private Launcher() {}

    public static void main(String[] args) {
        Application.launch(ParleyApp.class, args);
    }
}
