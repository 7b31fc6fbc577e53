package org.parley.fx.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javafx.stage.Stage;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.parley.auth.stack.ParleyStack;
import org.parley.auth.stack.StackConfig;
import org.parley.client.Session;
import org.parley.client.session.ClientConfig;
import org.parley.client.session.ParleyClient;
import org.parley.fx.app.AppContext;
import org.parley.fx.app.AppShell;
import org.parley.fx.common.Async;
import org.parley.fx.common.FxUiThread;
import org.parley.fx.common.Theme;
import org.parley.fx.common.ThemeManager;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;

/**
 * The desktop client's windows for the TestFX ITs, against a real one-node local stack (embedded
 * PostgreSQL, the auth server and an Artemis broker on loopback), as a JUnit 5 extension:
 *
 * <pre>
 * &#64;RegisterExtension static final DesktopWindows desktop = new DesktopWindows();
 * ...
 * AppWindow alice = desktop.open("alice", 0);
 * </pre>
 *
 * Before the class it starts the stack in a fresh temp dir and the headless toolkit with the light
 * theme; after each test it closes the windows the test opened (each with its own client-core
 * instance and profiles directory); after the class it cleans up the stages, stops the stack and
 * deletes the dir.
 */
public final class DesktopWindows
        implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {
    /** Every account's password, in the UI and headless. */
    public static final String PASSWORD = "correct horse battery";

    private final FxRobot robot = new FxRobot();
    private final List<AppWindow> windows = new ArrayList<>();
    private Path dir;
    private ParleyStack stack;
    private ThemeManager themes;

    /** The class's temp dir: the stack's data and anything else the test writes. */
    public Path dir() {
        return dir;
    }

    public URI authUri() {
        return stack.authUri();
    }

    public FxRobot robot() {
        return robot;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        dir = Files.createTempDirectory("parley-desktop-");
        stack =
                ParleyStack.start(
                        StackConfig.ephemeral(dir.resolve("stack"), 1), Clock.systemUTC());
        FxToolkit.registerPrimaryStage();
        themes = new ThemeManager(Theme.LIGHT, t -> {});
        FxToolkit.setupFixture(themes::applyGlobally);
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        for (AppWindow w : windows) {
            FxToolkit.setupFixture(w.stage::hide);
            w.shell.close().get(20, TimeUnit.SECONDS);
            w.background.shutdown();
        }
        windows.clear();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        try {
            if (FxToolkit.isFXApplicationThreadRunning()) {
                FxToolkit.cleanupStages();
            }
        } finally {
            if (stack != null) {
                stack.close();
            }
            deleteTree(dir);
        }
    }

    /**
     * Opens a client window for {@code name} at {@code x} (940 x 700, so two fit side by side); its
     * desktop notifications go to {@link AppWindow#notifications}.
     */
    public AppWindow open(String name, double x) throws Exception {
        ParleyClient client =
                new ParleyClient(ClientConfig.builder(dir.resolve("profiles-" + name)).build());
        ExecutorService background = Executors.newSingleThreadExecutor();
        List<String> notifications = new CopyOnWriteArrayList<>();
        AppContext context =
                new AppContext(
                        client,
                        new Async(new FxUiThread(), background),
                        themes,
                        (title, text) -> notifications.add(title + ": " + text),
                        Clock.systemDefaultZone(),
                        Optional.of(stack.authUri().toString()));
        Stage stage = FxToolkit.registerStage(Stage::new);
        AppShell[] shell = new AppShell[1];
        FxToolkit.setupFixture(
                () -> {
                    shell[0] = new AppShell(context, stage);
                    shell[0].show();
                    stage.setWidth(940);
                    stage.setHeight(700);
                    stage.setX(x);
                    stage.setY(0);
                });
        AppWindow w = new AppWindow(robot, name, stage, shell[0], background, notifications);
        windows.add(w);
        return w;
    }

    /** An account made through client-core alone (a previous session on some other device). */
    public void signUpHeadless(String name) throws Exception {
        ParleyClient client =
                new ParleyClient(ClientConfig.builder(dir.resolve("elsewhere-" + name)).build());
        try (Session s =
                client.signup(stack.authUri(), name, PASSWORD.toCharArray(), null)
                        .get(60, TimeUnit.SECONDS)) {
            assertThat(s.username()).isEqualTo(name);
        }
    }

    private static void deleteTree(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete " + root, e);
        }
    }
}
