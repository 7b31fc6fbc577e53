package org.parley.fx;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.parley.auth.stack.ParleyStack;
import org.parley.auth.stack.StackConfig;
import org.parley.client.Session;
import org.parley.client.session.ClientConfig;
import org.parley.client.session.ParleyClient;
import org.parley.fx.app.AppContext;
import org.parley.fx.app.AppShell;
import org.parley.fx.chat.DeliveryState;
import org.parley.fx.common.Async;
import org.parley.fx.common.FxUiThread;
import org.parley.fx.common.Theme;
import org.parley.fx.common.ThemeManager;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The real desktop client, headless under Monocle, driven through its UI by TestFX against a real
 * local stack (embedded PostgreSQL, the auth server and an Artemis broker on loopback). Each
 * simulated user has their own window, client-core instance and profiles directory.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ParleyDesktopIT {
    private static final String PASSWORD = "correct horse battery";
    private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");

    @TempDir static Path dir;
    private ParleyStack stack;
    private ThemeManager themes;
    private final FxRobot robot = new FxRobot();
    private final List<Window> windows = new ArrayList<>();
    private final ExecutorService setup = Executors.newCachedThreadPool();

    @BeforeAll
    void startStackAndToolkit() throws Exception {
        stack =
                ParleyStack.start(
                        StackConfig.ephemeral(dir.resolve("stack"), 1), Clock.systemUTC());
        FxToolkit.registerPrimaryStage();
        themes = new ThemeManager(Theme.LIGHT, t -> {});
        FxToolkit.setupFixture(themes::applyGlobally);
    }

    @AfterEach
    void closeWindows() throws Exception {
        for (Window w : windows) {
            FxToolkit.setupFixture(w.stage::hide);
            w.shell.close().get(20, TimeUnit.SECONDS);
            w.background.shutdown();
        }
        windows.clear();
    }

    @AfterAll
    void stopStack() throws TimeoutException {
        setup.shutdownNow();
        if (FxToolkit.isFXApplicationThreadRunning()) {
            FxToolkit.cleanupStages();
        }
        if (stack != null) {
            stack.close();
        }
    }

    // ---- the tests ------------------------------------------------------------------------------

    @Test
    void aMessageSentInOneClientAppearsInTheOthersChatWithTheRightSenderAndTime() throws Exception {
        Window alice = openWindow("alice", 0);
        Window bob = openWindow("bob", 960);
        alice.signUp("alice");
        bob.signUp("bob");

        Instant before = Instant.now();
        alice.startChat("bob");
        alice.send("Hello Bob, this is Alice.");
        Node sent = alice.waitForBubble("Hello Bob, this is Alice.");
        assertThat(senderOf(sent)).isEqualTo("You");

        bob.waitFor(() -> bob.find("#conversation-alice").isPresent(), "alice in bob's sidebar");
        bob.waitFor(
                () -> "1".equals(bob.textOf("#conversation-alice .unread-badge")),
                "one unread from alice");
        bob.click("#conversation-alice");
        Node received = bob.waitForBubble("Hello Bob, this is Alice.");
        Instant after = Instant.now();

        assertThat(senderOf(received)).isEqualTo("alice");
        assertThat(timeOf(received)).isIn(minutesBetween(before, after));
        assertThat(bob.textOf("#chat-title")).isEqualTo("alice");
        bob.waitFor(
                () ->
                        bob.find("#conversation-alice .unread-badge")
                                .map(n -> !n.isVisible())
                                .orElse(true),
                "the unread badge to clear");
        alice.waitFor(
                () -> stateOf(sent) == DeliveryState.DELIVERED,
                "alice's message marked delivered to bob's device");
    }

    @Test
    void aWrongPasswordShowsAnErrorAndKeepsTheUserOnTheLoginScreen() throws Exception {
        signUpHeadless("dora");
        Window dora = openWindow("dora", 0);
        dora.fillLogin("dora", "not the right password");
        dora.click("#submit");

        dora.waitFor(
                () -> dora.find("#login-error").map(Node::isVisible).orElse(false),
                "the login error");
        assertThat(dora.textOf("#login-error")).isEqualTo("Wrong username or password.");
        assertThat(dora.find("#login-view")).isPresent();
        assertThat(dora.find("#main-view")).isEmpty();
        assertThat(dora.find("#submit").orElseThrow().isDisabled()).isFalse();
    }

    @Test
    void aMessageSentToAnOfflineUserShowsUpAfterTheyLogIn() throws Exception {
        signUpHeadless("carol");
        Window erin = openWindow("erin", 0);
        erin.signUp("erin");
        erin.startChat("carol");
        erin.send("Are you there, Carol?");
        Node sent = erin.waitForBubble("Are you there, Carol?");
        erin.waitFor(() -> stateOf(sent) == DeliveryState.SENT, "the broker to hold it for carol");

        Window carol = openWindow("carol", 960);
        carol.fillLogin("carol", PASSWORD);
        carol.click("#submit");
        carol.waitFor(() -> carol.find("#main-view").isPresent(), "carol's main window");
        carol.waitFor(
                () -> "1".equals(carol.textOf("#conversation-erin .unread-badge")),
                "one unread from erin");
        assertThat(carol.textOf("#conversation-erin .conversation-preview"))
                .isEqualTo("Are you there, Carol?");
        carol.click("#conversation-erin");
        Node received = carol.waitForBubble("Are you there, Carol?");
        assertThat(senderOf(received)).isEqualTo("erin");
    }

    @Test
    void anImageAttachedInOneClientShowsAsAThumbnailInTheOtherWhichSavesTheOriginalByteIdentical()
            throws Exception {
        Path image = dir.resolve("beach.png");
        java.awt.image.BufferedImage img =
                new java.awt.image.BufferedImage(
                        640, 480, java.awt.image.BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 480; y++) {
            for (int x = 0; x < 640; x++) {
                img.setRGB(x, y, (x * 255 / 640) << 16 | (y * 255 / 480) << 8 | 0x80);
            }
        }
        javax.imageio.ImageIO.write(img, "png", image.toFile());
        Path savedCopy = dir.resolve("saved").resolve("beach-copy.png");
        java.nio.file.Files.createDirectories(savedCopy.getParent());

        Window frank = openWindow("frank", 0);
        Window gina = openWindow("gina", 960);
        frank.signUp("frank");
        gina.signUp("gina");
        frank.startChat("gina");
        // The native file dialogs do not exist headless: the attach button gets the file from a
        // stand-in.
        org.parley.fx.chat.ChatView franksChat =
                (org.parley.fx.chat.ChatView) frank.find("#chat-view").orElseThrow();
        FxToolkit.setupFixture(
                () ->
                        franksChat.setFileDialogs(
                                owner -> List.of(image.toFile()), (owner, name) -> null));
        frank.click("#attach");
        Node sent = frank.waitForBubble("beach.png");
        frank.waitFor(
                () -> stateOf(sent) == DeliveryState.DELIVERED,
                "the image delivered to gina's device");

        gina.waitFor(() -> gina.find("#conversation-frank").isPresent(), "frank in gina's sidebar");
        assertThat(gina.textOf("#conversation-frank .conversation-preview"))
                .isEqualTo("\uD83D\uDCCE beach.png");
        gina.click("#conversation-frank");
        Node received = gina.waitForBubble("beach.png");
        javafx.scene.image.ImageView thumbnail =
                (javafx.scene.image.ImageView) received.lookup("#file-thumbnail");
        assertThat(thumbnail.isVisible()).isTrue();
        assertThat(thumbnail.getImage()).isNotNull();
        assertThat(thumbnail.getImage().getWidth()).isEqualTo(320);
        assertThat(((Label) received.lookup("#file-name")).getText()).isEqualTo("beach.png");

        org.parley.fx.chat.ChatView ginasChat =
                (org.parley.fx.chat.ChatView) gina.find("#chat-view").orElseThrow();
        FxToolkit.setupFixture(
                () -> ginasChat.setFileDialogs(owner -> null, (owner, name) -> savedCopy.toFile()));
        gina.front();
        robot.clickOn(received.lookup("#file-save"));
        gina.waitFor(() -> java.nio.file.Files.exists(savedCopy), "the saved copy");
        assertThat(java.nio.file.Files.readAllBytes(savedCopy))
                .isEqualTo(java.nio.file.Files.readAllBytes(image));
    }

    // ---- helpers -------------------------------------------------------------------------------

    /** An account made through client-core alone (a previous session on some other device). */
    private void signUpHeadless(String name) throws Exception {
        ParleyClient client =
                new ParleyClient(ClientConfig.builder(dir.resolve("elsewhere-" + name)).build());
        try (Session s =
                client.signup(stack.authUri(), name, PASSWORD.toCharArray(), null)
                        .get(60, TimeUnit.SECONDS)) {
            assertThat(s.username()).isEqualTo(name);
        }
    }

    private Window openWindow(String name, double x) throws Exception {
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
        Window w = new Window(name, stage, shell[0], background);
        windows.add(w);
        return w;
    }

    private static String senderOf(Node bubble) {
        return ((Label) bubble.lookup(".message-sender")).getText();
    }

    private static String timeOf(Node bubble) {
        return ((Label) bubble.lookup(".message-time")).getText();
    }

    private static DeliveryState stateOf(Node bubble) {
        return (DeliveryState) bubble.lookup(".message-state").getUserData();
    }

    private static Set<String> minutesBetween(Instant from, Instant to) {
        Set<String> out = new java.util.HashSet<>();
        ZoneId zone = ZoneId.systemDefault();
        for (Instant t = from.truncatedTo(ChronoUnit.MINUTES);
                !t.isAfter(to);
                t = t.plus(1, ChronoUnit.MINUTES)) {
            out.add(HH_MM.format(LocalDateTime.ofInstant(t, zone)));
        }
        return out;
    }

    /** One client window and what a user does in it. */
    private final class Window {
        final String name;
        final Stage stage;
        final AppShell shell;
        final ExecutorService background;

        Window(String name, Stage stage, AppShell shell, ExecutorService background) {
            this.name = name;
            this.stage = stage;
            this.shell = shell;
            this.background = background;
        }

        Parent root() {
            return stage.getScene().getRoot();
        }

        Optional<Node> find(String query) {
            return robot.from(root()).lookup(query).tryQuery();
        }

        String textOf(String query) {
            return find(query).map(n -> ((Label) n).getText()).orElse(null);
        }

        /** Brings this window to the front so the robot's clicks and keys land in it. */
        void front() throws TimeoutException {
            FxToolkit.setupFixture(
                    () -> {
                        stage.toFront();
                        stage.requestFocus();
                    });
        }

        void click(String query) throws TimeoutException {
            front();
            waitFor(
                    () -> find(query).map(n -> n.isVisible() && !n.isDisabled()).orElse(false),
                    query + " to be clickable");
            robot.clickOn(find(query).orElseThrow());
        }

        void type(String query, String text) throws TimeoutException {
            click(query);
            robot.write(text);
        }

        void fillLogin(String user, String password) throws TimeoutException {
            waitFor(() -> find("#login-view").isPresent(), "the login screen");
            Node username = find("#username").orElseThrow();
            FxToolkit.setupFixture(() -> ((javafx.scene.control.TextField) username).clear());
            type("#username", user);
            type("#password", password);
        }

        void signUp(String user) throws TimeoutException {
            click("#mode-sign-up");
            fillLogin(user, PASSWORD);
            type("#confirm-password", PASSWORD);
            click("#submit");
            waitFor(() -> find("#main-view").isPresent(), name + "'s main window");
        }

        void startChat(String peer) throws TimeoutException {
            click("#new-chat");
            type("#new-chat-user", peer);
            robot.type(KeyCode.ENTER);
            waitFor(() -> peer.equals(textOf("#chat-title")), "the chat with " + peer);
        }

        void send(String text) throws TimeoutException {
            type("#composer", text);
            robot.type(KeyCode.ENTER);
        }

        Node waitForBubble(String text) throws TimeoutException {
            Node[] found = new Node[1];
            waitFor(
                    () -> {
                        for (Node bubble :
                                robot.from(root()).lookup(".message-bubble").queryAll()) {
                            Node t = bubble.lookup(".message-text");
                            if (bubble.isVisible()
                                    && t instanceof Label l
                                    && text.equals(l.getText())) {
                                found[0] = bubble;
                                return true;
                            }
                        }
                        return false;
                    },
                    "the message \"" + text + "\" in " + name + "'s chat");
            return found[0];
        }

        void waitFor(Supplier<Boolean> condition, String what) throws TimeoutException {
            try {
                WaitForAsyncUtils.waitFor(
                        60,
                        TimeUnit.SECONDS,
                        () -> {
                            WaitForAsyncUtils.waitForFxEvents();
                            return condition.get();
                        });
            } catch (TimeoutException e) {
                throw new TimeoutException("Timed out waiting for " + what);
            }
        }
    }
}
