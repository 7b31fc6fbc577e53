package org.parley.fx.tour;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.ButtonBase;
import javafx.scene.control.TextInputControl;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.parley.auth.stack.ParleyStack;
import org.parley.auth.stack.StackConfig;
import org.parley.client.Session;
import org.parley.client.session.ClientConfig;
import org.parley.client.session.ParleyClient;
import org.parley.fx.app.AppContext;
import org.parley.fx.app.AppShell;
import org.parley.fx.common.Async;
import org.parley.fx.common.FxUiThread;
import org.parley.fx.common.Notifier;
import org.parley.fx.common.Theme;
import org.parley.fx.common.ThemeManager;
import org.parley.testing.MutableClock;
import org.parley.testing.Wait;

/**
 * Takes the README screenshots from the real app: a real local stack, the real window on a real
 * display (run it under Xvfb with the GTK glass, see {@code fx-client/screenshots.sh}), driven
 * through its controls. Writes {@code login-*.png}, {@code conversation-*.png} and {@code
 * safety-number-*.png}, light and dark, into the directory given as the argument.
 */
public final class ScreenshotTour {
    private static final String PASSWORD = "correct horse battery";
    private static final Duration WAIT = Duration.ofSeconds(60);

    private final Path out;

    /** Where the screens not in the README go (empty states, errors, banners), if anywhere. */
    private final Path extra;

    private final Path work;
    private ThemeManager themes;
    private Stage stage;

    private ScreenshotTour(Path out, Path extra, Path work) {
        this.out = out;
        this.extra = extra;
        this.work = work;
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "docs/screenshots").toAbsolutePath();
        Files.createDirectories(out);
        Path work = Files.createTempDirectory("parley-tour");
        CompletableFuture<Void> started = new CompletableFuture<>();
        Platform.startup(() -> started.complete(null));
        started.get(30, TimeUnit.SECONDS);
        Platform.setImplicitExit(false);
        // On the default port when it is free, so the login screenshot shows the usual address.
        StackConfig config =
                portFree(StackConfig.DEFAULT_AUTH_PORT)
                        ? new StackConfig(
                                work.resolve("stack"),
                                StackConfig.DEFAULT_HOST,
                                StackConfig.DEFAULT_AUTH_PORT,
                                1,
                                0,
                                StackConfig.DEFAULT_TOKEN_TTL)
                        : StackConfig.ephemeral(work.resolve("stack"), 1);
        try (ParleyStack stack = ParleyStack.start(config, Clock.systemUTC())) {
            Path extra =
                    args.length > 1
                            ? Files.createDirectories(Path.of(args[1]).toAbsolutePath())
                            : null;
            new ScreenshotTour(out, extra, work).run(stack);
        } finally {
            Platform.exit();
        }
        System.out.println("Screenshots written to " + out);
        System.exit(0);
    }

    private void run(ParleyStack stack) throws Exception {
        ZoneId zone = ZoneId.systemDefault();
        LocalDate today = LocalDate.now(zone);
        MutableClock aliceClock =
                new MutableClock(today.minusDays(1).atTime(18, 40).atZone(zone).toInstant());
        MutableClock bobClock = new MutableClock(aliceClock.instant());

        // The people alice talks to, each on their own "device".
        ParleyClient bobClient =
                new ParleyClient(ClientConfig.builder(work.resolve("bob")).clock(bobClock).build());
        Session bob =
                bobClient
                        .signup(stack.authUri(), "bob", PASSWORD.toCharArray(), null)
                        .get(60, TimeUnit.SECONDS);
        Session carol = signUp(stack, "carol", Clock.systemUTC());
        Session dave = signUp(stack, "dave", Clock.systemUTC());

        ExecutorService background = Executors.newSingleThreadExecutor();
        ParleyClient aliceClient =
                new ParleyClient(
                        ClientConfig.builder(work.resolve("alice")).clock(aliceClock).build());
        themes = new ThemeManager(Theme.LIGHT, t -> {});
        AppContext context =
                new AppContext(
                        aliceClient,
                        new Async(new FxUiThread(), background),
                        themes,
                        Notifier.NONE,
                        Clock.systemDefaultZone(),
                        Optional.of(stack.authUri().toString()));
        AppShell[] shell = new AppShell[1];
        onFx(
                () -> {
                    themes.applyGlobally();
                    stage = new Stage();
                    shell[0] = new AppShell(context, stage);
                    shell[0].show();
                    return null;
                });

        // ---- login (the sign-up form, filled in)
        if (extra != null) {
            type("#username", "bob");
            type("#password", "not bob's password");
            click("#submit");
            Wait.until(WAIT, "the login error", () -> find("#login-error").isVisible());
            review("login-wrong-password");
        }
        click("#mode-sign-up");
        type("#username", "alice");
        type("#password", PASSWORD);
        type("#confirm-password", PASSWORD);
        bothThemes("login");
        click("#submit");
        Wait.until(WAIT, "the main window", () -> find("#main-view") != null);
        if (extra != null) {
            review("main-empty");
            click("#new-chat");
            type("#new-chat-user", "nobody");
            click("#new-chat-start");
            Wait.until(WAIT, "the new chat error", () -> find("#new-chat-error").isVisible());
            review("new-chat-unknown-user");
            click("#new-chat-cancel");
        }

        // ---- a conversation over two days, and a few others in the sidebar
        dave.sendText("alice", "Thanks for the help with the release notes!")
                .get(30, TimeUnit.SECONDS);
        at(bobClock, aliceClock, today.minusDays(1), 18, 42);
        bob.sendText("alice", "Hey Alice! Did you get the slides for tomorrow's review?")
                .get(30, TimeUnit.SECONDS);
        Wait.until(WAIT, "bob in the sidebar", () -> find("#conversation-bob") != null);
        click("#conversation-bob");
        at(bobClock, aliceClock, today.minusDays(1), 18, 45);
        send("Not yet. Could you send them over tonight?");
        at(bobClock, aliceClock, today.minusDays(1), 18, 47);
        bob.sendText("alice", "Sure, I'll put them in the shared folder after dinner.")
                .get(30, TimeUnit.SECONDS);
        LocalTime morning = LocalTime.of(9, 12);
        at(bobClock, aliceClock, today, morning.getHour(), morning.getMinute());
        bob.sendText("alice", "Morning! The slides are up.").get(30, TimeUnit.SECONDS);
        at(bobClock, aliceClock, today, 9, 15);
        send("Got them, thanks. The architecture part reads really well.");
        at(bobClock, aliceClock, today, 9, 16);
        send("One question: are we still presenting at two, or did it move?");
        at(bobClock, aliceClock, today, 9, 20);
        bob.sendText(
                        "alice",
                        "Still at two. I'll bring coffee.\nAnd the spare HDMI adapter, just in case.")
                .get(30, TimeUnit.SECONDS);
        at(bobClock, aliceClock, today, 9, 21);
        send("Perfect, see you there!");
        carol.sendText("alice", "Are we still on for Friday?").get(30, TimeUnit.SECONDS);
        carol.sendText("alice", "I can book the table for seven.").get(30, TimeUnit.SECONDS);
        Wait.until(WAIT, "carol in the sidebar", () -> find("#conversation-carol") != null);
        // Presence is published on changes only: bob comes online again now that alice follows him.
        bob.close();
        bob =
                bobClient
                        .login(stack.authUri(), "bob", PASSWORD.toCharArray(), null)
                        .get(60, TimeUnit.SECONDS);
        Wait.until(WAIT, "bob shown online", () -> text("#chat-presence").equals("online"));
        bothThemes("conversation");

        // ---- the contact panel with the safety number
        click("#contact-info-toggle");
        Wait.until(
                WAIT,
                "the safety number",
                () ->
                        find("#safety-number") != null
                                && !((javafx.scene.layout.Pane) find("#safety-number"))
                                        .getChildren()
                                        .isEmpty());
        bothThemes("safety-number");

        if (extra != null) {
            click("#contact-panel-close");
            type("#composer", "x".repeat(3700));
            review("composer-near-limit");
            type("#composer", "");
            type("#search", "car");
            review("search-filter");
            type("#search", "");
            onFx(
                    () -> {
                        new org.parley.fx.app.DesktopNotifier(stage)
                                .show("carol", "Are we still on for Friday?");
                        return null;
                    });
            Thread.sleep(1500); // the notification fades in
            new ProcessBuilder(
                            "import",
                            "-window",
                            "root",
                            extra.resolve("notification.png").toString())
                    .inheritIO()
                    .start()
                    .waitFor(30, TimeUnit.SECONDS);
            stack.stopBroker(0);
            Wait.until(WAIT, "the connection banner", () -> find("#connection-banner").isVisible());
            review("connection-lost");
            stack.restartBroker(0);
            Wait.until(
                    WAIT,
                    "the connection banner to go",
                    () -> !find("#connection-banner").isVisible());
        }

        onFx(
                () -> {
                    stage.hide();
                    return null;
                });
        shell[0].close().get(20, TimeUnit.SECONDS);
        bob.close();
        carol.close();
        dave.close();
        background.shutdown();
    }

    private static boolean portFree(int port) {
        try (java.net.ServerSocket s =
                new java.net.ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private Session signUp(ParleyStack stack, String name, Clock clock) throws Exception {
        ParleyClient client =
                new ParleyClient(ClientConfig.builder(work.resolve(name)).clock(clock).build());
        return client.signup(stack.authUri(), name, PASSWORD.toCharArray(), null)
                .get(60, TimeUnit.SECONDS);
    }

    private static void at(MutableClock a, MutableClock b, LocalDate day, int hour, int minute) {
        var t = day.atTime(hour, minute).atZone(ZoneId.systemDefault()).toInstant();
        a.set(t);
        b.set(t);
    }

    private void send(String message) throws Exception {
        type("#composer", message);
        click("#send");
        Wait.until(WAIT, "the composer to clear", () -> text("#composer").isEmpty());
        Wait.until(WAIT, "the message to show", () -> bubbleCount(message) > 0);
    }

    private long bubbleCount(String message) {
        try {
            return onFx(
                    () ->
                            stage.getScene().getRoot().lookupAll(".message-text").stream()
                                    .filter(
                                            n ->
                                                    n instanceof javafx.scene.control.Label l
                                                            && message.equals(l.getText()))
                                    .count());
        } catch (Exception e) {
            return 0;
        }
    }

    private void bothThemes(String name) throws Exception {
        inBothThemes(out, name);
    }

    private void review(String name) throws Exception {
        inBothThemes(extra, name);
    }

    /** Snapshots the window in every theme as {@code dir/name-theme.png}, then back to light. */
    private void inBothThemes(Path dir, String name) throws Exception {
        for (Theme theme : Theme.values()) {
            onFx(
                    () -> {
                        themes.set(theme);
                        return null;
                    });
            settle();
            snapshot(
                    dir.resolve(
                            name + "-" + theme.name().toLowerCase(java.util.Locale.ROOT) + ".png"));
        }
        onFx(
                () -> {
                    themes.set(Theme.LIGHT);
                    return null;
                });
    }

    /** Lets a few pulses pass so CSS, layout and list cells are up to date. */
    private void settle() throws Exception {
        for (int i = 0; i < 10; i++) {
            onFx(
                    () -> {
                        stage.getScene().getRoot().applyCss();
                        stage.getScene().getRoot().layout();
                        return null;
                    });
            Thread.sleep(50); // frames, not a condition
        }
    }

    private void snapshot(Path file) throws Exception {
        WritableImage image =
                onFx(
                        () -> {
                            Scene scene = stage.getScene();
                            return scene.snapshot(null);
                        });
        int w = (int) image.getWidth();
        int h = (int) image.getHeight();
        BufferedImage buffered = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        PixelReader pixels = image.getPixelReader();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                buffered.setRGB(x, y, pixels.getArgb(x, y));
            }
        }
        if (!ImageIO.write(buffered, "png", file.toFile())) {
            throw new IOException("No PNG writer");
        }
        System.out.println("wrote " + file);
    }

    private Node find(String query) {
        try {
            return onFx(() -> stage.getScene().getRoot().lookup(query));
        } catch (Exception e) {
            return null;
        }
    }

    private String text(String query) {
        Node n = find(query);
        if (n instanceof TextInputControl t) {
            return t.getText();
        }
        if (n instanceof javafx.scene.control.Labeled l) {
            return l.getText();
        }
        return "";
    }

    private void click(String query) throws Exception {
        Wait.until(
                WAIT,
                query,
                () -> {
                    Node n = find(query);
                    return n != null && n.isVisible() && !n.isDisabled();
                });
        onFx(
                () -> {
                    Node n = stage.getScene().getRoot().lookup(query);
                    if (n instanceof ButtonBase b) {
                        b.fire();
                    } else if (n instanceof javafx.scene.control.ListCell<?> cell) {
                        cell.getListView().getSelectionModel().select(cell.getIndex());
                    }
                    return null;
                });
    }

    private void type(String query, String value) throws Exception {
        Wait.until(WAIT, query, () -> find(query) != null);
        onFx(
                () -> {
                    TextInputControl t =
                            (TextInputControl) stage.getScene().getRoot().lookup(query);
                    t.requestFocus();
                    t.setText(value);
                    t.positionCaret(value.length());
                    return null;
                });
    }

    private static <T> T onFx(java.util.concurrent.Callable<T> work) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        new FxUiThread()
                .run(
                        () -> {
                            try {
                                result.complete(work.call());
                            } catch (Throwable t) {
                                result.completeExceptionally(t);
                            }
                        });
        return result.get(30, TimeUnit.SECONDS);
    }
}
