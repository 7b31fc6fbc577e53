package org.parley.fx.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.parley.client.Session;
import org.parley.client.SessionListener;
import org.parley.client.StoredMessage;
import org.parley.client.session.ClientConfig;
import org.parley.client.session.ParleyClient;
import org.parley.fx.common.Async;
import org.parley.fx.common.FxUiThread;
import org.parley.fx.common.SessionEventRelay;
import org.parley.fx.common.TimeLabels;
import org.parley.fx.testing.InMemoryBroker;
import org.parley.testing.FakeAuthServer;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The composer's keys on the real chat pane (headless Monocle): Shift+Enter adds a line, Enter
 * sends.
 */
@ExtendWith(ApplicationExtension.class)
class ChatViewKeysTest {
    @TempDir static Path dir;
    private FakeAuthServer server;
    private Session alice;
    private Session bob;
    private ChatViewModel model;
    private final ExecutorService background = Executors.newSingleThreadExecutor();

    @Start
    void start(Stage stage) throws Exception {
        server = new FakeAuthServer();
        InMemoryBroker broker = new InMemoryBroker();
        char[] password = "correct horse battery".toCharArray();
        bob =
                new ParleyClient(
                                ClientConfig.builder(dir.resolve("bob"))
                                        .transportFactory(broker)
                                        .build())
                        .signup(server.uri(), "bob", password, null)
                        .get(60, TimeUnit.SECONDS);
        SessionEventRelay relay = new SessionEventRelay(new FxUiThread());
        alice =
                new ParleyClient(
                                ClientConfig.builder(dir.resolve("alice"))
                                        .transportFactory(broker)
                                        .build())
                        .signup(server.uri(), "alice", password, null, relay)
                        .get(60, TimeUnit.SECONDS);
        model =
                new ChatViewModel(
                        alice,
                        new Async(new FxUiThread(), background),
                        new TimeLabels(Clock.systemDefaultZone()),
                        Session.MAX_TEXT_LENGTH);
        relay.attach(
                new SessionListener() {
                    @Override
                    public void onMessage(StoredMessage message) {
                        model.onMessage(message);
                    }
                });
        model.open("bob");
        Scene scene = new Scene(new ChatView(model, new SimpleBooleanProperty(false)), 800, 600);
        stage.setScene(scene);
        stage.show();
    }

    @AfterEach
    void tearDown() {
        alice.close();
        bob.close();
        server.close();
        background.shutdownNow();
    }

    @Test
    void shiftEnterStartsANewLineAndEnterSendsTheMessage(FxRobot robot) throws Exception {
        robot.clickOn("#composer").write("first line");
        robot.press(KeyCode.SHIFT).type(KeyCode.ENTER).release(KeyCode.SHIFT);
        robot.write("second line");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(model.draftProperty().get()).isEqualTo("first line\nsecond line");

        robot.type(KeyCode.ENTER);
        WaitForAsyncUtils.waitFor(
                30, TimeUnit.SECONDS, () -> robot.lookup(".message-text").tryQuery().isPresent());
        assertThat(robot.lookup(".message-text").queryAs(Label.class).getText())
                .isEqualTo("first line\nsecond line");
        assertThat(model.draftProperty().get()).isEmpty();
    }
}
