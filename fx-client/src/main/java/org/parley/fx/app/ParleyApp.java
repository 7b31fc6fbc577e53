package org.parley.fx.app;

import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.application.Application;
import javafx.stage.Stage;
import org.jspecify.annotations.Nullable;
import org.parley.client.session.ClientConfig;
import org.parley.client.session.ParleyClient;
import org.parley.fx.common.Async;
import org.parley.fx.common.FxUiThread;
import org.parley.fx.common.Theme;
import org.parley.fx.common.ThemeManager;

/**
 * The Parley desktop client. Options: {@code --profiles=DIR} (where accounts' local data lives;
 * default the platform's user data directory), {@code --server=URL} (pre-fills the server), {@code
 * --theme=light|dark}, {@code --ready-file=PATH} (written once the login window is laid out; for
 * timing the start).
 */
public final class ParleyApp extends Application {
    // Set in init(), which JavaFX calls before start().
    private @Nullable ExecutorService background;
    private @Nullable ParleyClient client;
    private @Nullable UiSettings settings;
    private @Nullable Theme initialTheme;
    private Optional<String> server = Optional.empty();
    private @Nullable AppShell shell;

    @Override
    public void init() {
        Map<String, String> named = getParameters().getNamed();
        Path profiles =
                Optional.ofNullable(named.get("profiles"))
                        .map(Path::of)
                        .orElseGet(ClientConfig::defaultProfilesRoot);
        server = Optional.ofNullable(named.get("server")).filter(s -> !s.isBlank());
        settings = new UiSettings(profiles);
        // Read here, on the launcher thread, so the first frame already has the right colours.
        initialTheme = Theme.parse(named.get("theme"), settings.theme(Theme.LIGHT));
        background =
                Executors.newSingleThreadExecutor(
                        r -> {
                            Thread t = new Thread(r, "parley-ui-background");
                            t.setDaemon(true);
                            return t;
                        });
        client = new ParleyClient(ClientConfig.builder(profiles).build());
    }

    @Override
    public void start(Stage stage) {
        ExecutorService background = Objects.requireNonNull(this.background, "set in init()");
        UiSettings settings = Objects.requireNonNull(this.settings, "set in init()");
        ThemeManager themes =
                new ThemeManager(
                        Objects.requireNonNull(initialTheme, "set in init()"),
                        theme -> background.execute(() -> settings.saveTheme(theme)));
        themes.applyGlobally();
        AppContext context =
                new AppContext(
                        Objects.requireNonNull(client, "set in init()"),
                        new Async(new FxUiThread(), background),
                        themes,
                        new DesktopNotifier(stage),
                        Clock.system(ZoneId.systemDefault()),
                        server);
        shell = new AppShell(context, stage);
        shell.show();
        signalReadyAfterFirstLayout(stage, background);
    }

    /**
     * With {@code --ready-file=PATH}, writes that file once the first window has been laid out (the
     * login window), so a benchmark or a script can time the cold start.
     */
    private void signalReadyAfterFirstLayout(Stage stage, ExecutorService background) {
        String readyFile = getParameters().getNamed().get("ready-file");
        if (readyFile == null || readyFile.isBlank() || stage.getScene() == null) {
            return;
        }
        javafx.scene.Scene scene = stage.getScene();
        Runnable[] once = new Runnable[1];
        once[0] =
                () -> {
                    scene.removePostLayoutPulseListener(once[0]);
                    long at = System.currentTimeMillis();
                    background.execute(
                            () -> {
                                try {
                                    java.nio.file.Files.writeString(
                                            Path.of(readyFile), Long.toString(at));
                                } catch (java.io.IOException e) {
                                    System.err.println(
                                            "Could not write the ready file "
                                                    + readyFile
                                                    + ": "
                                                    + e.getMessage());
                                }
                            });
                };
        scene.addPostLayoutPulseListener(once[0]);
    }

    @Override
    public void stop() throws Exception {
        if (shell != null) {
            try {
                // The window is gone; give the session a moment to flush its store and disconnect.
                shell.close().get(5, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                // exiting anyway
            }
        }
        if (background != null) {
            background.shutdown();
        }
    }
}
