package org.parley.fx.app;

import java.util.concurrent.CompletableFuture;
import javafx.scene.Scene;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.jspecify.annotations.Nullable;
import org.parley.fx.about.AboutInfo;
import org.parley.fx.about.AboutView;
import org.parley.fx.common.ActiveSession;
import org.parley.fx.login.LoginView;
import org.parley.fx.login.LoginViewModel;
import org.parley.fx.main.MainView;
import org.parley.fx.main.MainViewModel;

/**
 * One client window: shows the login screen, then the main screen of the logged-in user, and back
 * on logout.
 */
public final class AppShell {
    public static final double DEFAULT_WIDTH = 1120;
    public static final double DEFAULT_HEIGHT = 720;

    private final AppContext context;
    private final Stage stage;
    private final StackPane root = new StackPane();
    private @Nullable MainViewModel main;
    private @Nullable AboutView about;
    private boolean closed;
    private CompletableFuture<Void> closing = CompletableFuture.completedFuture(null);

    public AppShell(AppContext context, Stage stage) {
        this.context = context;
        this.stage = stage;
    }

    /** Puts the scene on the stage and shows the login screen; call on the UI thread. */
    public void show() {
        Scene scene = new Scene(root, DEFAULT_WIDTH, DEFAULT_HEIGHT);
        context.themes().style(scene);
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.F1), this::showAbout);
        stage.setScene(scene);
        stage.setMinWidth(760);
        stage.setMinHeight(520);
        // ParleyApp.stop() waits for the logout through close()'s future.
        stage.setOnHidden(
                e -> {
                    var unused = close();
                });
        showLogin();
        stage.show();
    }

    private void showLogin() {
        main = null;
        if (closed) {
            return;
        }
        LoginViewModel model =
                new LoginViewModel(context.client(), context.async(), this::showMain);
        context.serverOverride()
                .ifPresent(
                        server -> {
                            model.serverProperty().set(server);
                            model.serverEdited();
                        });
        LoginView view = new LoginView(model, context.themes());
        view.setOnAbout(this::showAbout);
        root.getChildren().setAll(view);
        stage.setTitle("Parley");
        model.loadRemembered();
        view.focusFirstField();
    }

    private void showMain(ActiveSession active) {
        if (closed) {
            context.async().run(active.session()::close, e -> {});
            return;
        }
        MainViewModel model =
                new MainViewModel(
                        active,
                        context.async(),
                        context.notifier(),
                        context.clock(),
                        context.client().config().maxTextLength(),
                        this::showLogin);
        model.windowFocusedProperty().bind(stage.focusedProperty());
        MainView view = new MainView(model, context.themes());
        view.setOnAbout(this::showAbout);
        root.getChildren().setAll(view);
        stage.setTitle("Parley — " + active.session().username());
        main = model;
        model.start();
    }

    /** Opens the About box (version, runtime, profiles directory); call on the UI thread. */
    public void showAbout() {
        if (about == null) {
            about =
                    new AboutView(
                            AboutInfo.current(context.client().config().profilesRoot()), stage);
        }
        if (!about.isShowing()) {
            about.show();
        }
    }

    /** The About box once it has been opened, else null; for tests. */
    public @Nullable AboutView aboutView() {
        return about;
    }

    public Stage stage() {
        return stage;
    }

    /**
     * Logs out (in the background) when the window goes away; the returned future completes when
     * done.
     */
    public CompletableFuture<Void> close() {
        closed = true;
        MainViewModel m = main;
        main = null;
        if (m != null) {
            closing = m.logout();
        }
        return closing;
    }
}
