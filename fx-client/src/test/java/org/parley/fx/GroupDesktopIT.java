package org.parley.fx;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
import org.parley.fx.common.Async;
import org.parley.fx.common.FxUiThread;
import org.parley.fx.common.Theme;
import org.parley.fx.common.ThemeManager;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Group chat in the real desktop client (TestFX, headless Monocle) against a real local stack:
 * alice creates a group in the UI with the member picker's "other usernames", sends a message, and
 * bob, in his own window, sees the group in his sidebar and alice's message in it under her name,
 * with the "created the group" system line; alice's group panel marks her admin.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GroupDesktopIT {
    private static final String PASSWORD = "correct horse battery";

    @TempDir static Path dir;
    private ParleyStack stack;
    private ThemeManager themes;
    private final FxRobot robot = new FxRobot();
    private final List<Window> windows = new ArrayList<>();

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
        if (FxToolkit.isFXApplicationThreadRunning()) {
            FxToolkit.cleanupStages();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void aGroupCreatedInTheUiCarriesAMessageToAnotherClientWithTheSendersName() throws Exception {
        signUpHeadless("carol");
        Window alice = openWindow("alice", 0);
        Window bob = openWindow("bob", 960);
        alice.signUp("alice");
        bob.signUp("bob");

        alice.click("#new-group");
        alice.type("#group-name", "Weekend");
        alice.type("#group-other-members", "bob, carol");
        alice.click("#create-group");
        alice.waitFor(
                () -> "Weekend".equals(alice.textOf("#chat-title")),
                "the new group's conversation");
        alice.waitFor(
                () -> alice.systemLine("alice created the group").isPresent(), "the creation line");

        alice.send("Who brings the tent?");
        alice.waitForBubble("Who brings the tent?");

        alice.click("#contact-info-toggle");
        alice.waitFor(
                () -> alice.find("#admin-badge-alice").map(Node::isVisible).orElse(false),
                "alice's admin badge");
        assertThat(alice.find("#group-member-bob")).isPresent();
        assertThat(alice.find("#group-member-carol")).isPresent();
        assertThat(alice.find("#group-remove-bob")).isPresent();

        bob.waitFor(
                () -> bob.conversationTitled("Weekend").isPresent(), "the group in bob's sidebar");
        robot.clickOn(bob.conversationTitled("Weekend").orElseThrow());
        bob.waitFor(
                () -> "Weekend".equals(bob.textOf("#chat-title")),
                "the group conversation in bob's window");
        Node received = bob.waitForBubble("Who brings the tent?");
        assertThat(((Label) received.lookup(".message-sender")).getText()).isEqualTo("alice");
        bob.waitFor(
                () -> bob.systemLine("alice created the group").isPresent(),
                "the creation line in bob's chat");
        bob.click("#contact-info-toggle");
        bob.waitFor(
                () -> bob.find("#admin-badge-alice").map(Node::isVisible).orElse(false),
                "alice marked admin for bob");
        assertThat(bob.find("#group-remove-carol"))
                .as("bob is not admin: no remove buttons")
                .isEmpty();
        assertThat(bob.find("#group-leave").map(Node::isVisible)).hasValue(true);
    }

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
        AppContext context =
                new AppContext(
                        client,
                        new Async(new FxUiThread(), background),
                        themes,
                        (title, text) -> {},
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

        Optional<Node> conversationTitled(String title) {
            return robot.from(root()).lookup(".conversation-name").queryAll().stream()
                    .filter(n -> n.isVisible() && n instanceof Label l && title.equals(l.getText()))
                    .findFirst();
        }

        Optional<Node> systemLine(String prefix) {
            return robot.from(root()).lookup(".system-line").queryAll().stream()
                    .filter(
                            n ->
                                    n.isVisible()
                                            && n instanceof Label l
                                            && l.getText().startsWith(prefix))
                    .findFirst();
        }

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
