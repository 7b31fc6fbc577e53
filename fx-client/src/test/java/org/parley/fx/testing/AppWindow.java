package org.parley.fx.testing;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.parley.fx.app.AppShell;
import org.parley.fx.chat.DeliveryState;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * One client window of {@link DesktopWindows} and what a user does in it: every action first brings
 * the window to the front and waits for its target, so the robot's clicks and keys land in this
 * window.
 */
public final class AppWindow {
    public final String name;
    final Stage stage;
    final AppShell shell;
    final ExecutorService background;

    /** The desktop notifications this window raised, as {@code title: text}. */
    public final List<String> notifications;

    private final FxRobot robot;

    AppWindow(
            FxRobot robot,
            String name,
            Stage stage,
            AppShell shell,
            ExecutorService background,
            List<String> notifications) {
        this.robot = robot;
        this.name = name;
        this.stage = stage;
        this.shell = shell;
        this.background = background;
        this.notifications = notifications;
    }

    public Parent root() {
        return stage.getScene().getRoot();
    }

    public Optional<Node> find(String query) {
        return robot.from(root()).lookup(query).tryQuery();
    }

    public String textOf(String query) {
        return find(query).map(n -> ((Label) n).getText()).orElse(null);
    }

    /** The visible label of class {@code styleClass} whose text passes {@code text}. */
    public Optional<Node> label(String styleClass, java.util.function.Predicate<String> text) {
        return robot.from(root()).lookup(styleClass).queryAll().stream()
                .filter(n -> n.isVisible() && n instanceof Label l && text.test(l.getText()))
                .findFirst();
    }

    public Optional<Node> conversationTitled(String title) {
        return label(".conversation-name", title::equals);
    }

    public Optional<Node> systemLine(String prefix) {
        return label(".system-line", t -> t.startsWith(prefix));
    }

    /** Brings this window to the front so the robot's clicks and keys land in it. */
    public void front() throws TimeoutException {
        FxToolkit.setupFixture(
                () -> {
                    stage.toFront();
                    stage.requestFocus();
                });
    }

    public void click(String query) throws TimeoutException {
        front();
        waitFor(
                () -> find(query).map(n -> n.isVisible() && !n.isDisabled()).orElse(false),
                query + " to be clickable");
        robot.clickOn(find(query).orElseThrow());
    }

    public void clickOn(Node node) throws TimeoutException {
        front();
        robot.clickOn(node);
    }

    public void type(String query, String text) throws TimeoutException {
        click(query);
        robot.write(text);
    }

    public void fillLogin(String user, String password) throws TimeoutException {
        waitFor(() -> find("#login-view").isPresent(), "the login screen");
        Node username = find("#username").orElseThrow();
        FxToolkit.setupFixture(() -> ((TextField) username).clear());
        type("#username", user);
        type("#password", password);
    }

    /** Signs up with {@link DesktopWindows#PASSWORD} and waits for the main window. */
    public void signUp(String user) throws TimeoutException {
        click("#mode-sign-up");
        fillLogin(user, DesktopWindows.PASSWORD);
        type("#confirm-password", DesktopWindows.PASSWORD);
        click("#submit");
        waitFor(() -> find("#main-view").isPresent(), name + "'s main window");
    }

    public void startChat(String peer) throws TimeoutException {
        click("#new-chat");
        type("#new-chat-user", peer);
        robot.type(KeyCode.ENTER);
        waitFor(() -> peer.equals(textOf("#chat-title")), "the chat with " + peer);
    }

    public void send(String text) throws TimeoutException {
        type("#composer", text);
        robot.type(KeyCode.ENTER);
    }

    public Node waitForBubble(String text) throws TimeoutException {
        Node[] found = new Node[1];
        waitFor(
                () -> {
                    for (Node bubble : robot.from(root()).lookup(".message-bubble").queryAll()) {
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

    /** Waits (up to a minute) for {@code condition}, letting the FX thread run between checks. */
    public void waitFor(Supplier<Boolean> condition, String what) throws TimeoutException {
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

    public static String senderOf(Node bubble) {
        return ((Label) bubble.lookup(".message-sender")).getText();
    }

    public static String timeOf(Node bubble) {
        return ((Label) bubble.lookup(".message-time")).getText();
    }

    public static DeliveryState stateOf(Node bubble) {
        return (DeliveryState) bubble.lookup(".message-state").getUserData();
    }
}
