package javafx.application;

/**
 * A stand-in with JavaFX's name, so that the fixtures can call {@code Platform.runLater} without
 * JavaFX on this module's class path: ArchUnit matches the call by the class's name.
 */
public final class Platform {
    private Platform() {}

    public static void runLater(Runnable action) {
        action.run();
    }
}
