package org.parley.fx.login;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import javafx.scene.control.ProgressBar;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.parley.client.session.ClientConfig;
import org.parley.client.session.ParleyClient;
import org.parley.fx.common.ActiveSession;
import org.parley.fx.common.Async;
import org.parley.fx.common.FxUiThread;
import org.parley.fx.common.Theme;
import org.parley.fx.common.ThemeManager;
import org.parley.fx.testing.InMemoryBroker;
import org.parley.testing.FakeAuthServer;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The real login screen on the FX thread (headless Monocle), against an auth server that answers
 * slowly.
 */
@ExtendWith(ApplicationExtension.class)
class LoginViewStaysResponsiveTest {
    @TempDir static Path profiles;
    private FakeAuthServer server;
    private final ExecutorService background = Executors.newSingleThreadExecutor();
    private final List<ActiveSession> loggedIn = new CopyOnWriteArrayList<>();

    @Start
    void start(Stage stage) throws Exception {
        server = new FakeAuthServer();
        ParleyClient client =
                new ParleyClient(
                        ClientConfig.builder(profiles)
                                .transportFactory(new InMemoryBroker())
                                .build());
        LoginViewModel model =
                new LoginViewModel(client, new Async(new FxUiThread(), background), loggedIn::add);
        model.serverProperty().set(server.uri().toString());
        ThemeManager themes = new ThemeManager(Theme.LIGHT, t -> {});
        themes.applyGlobally();
        Scene scene = new Scene(new LoginView(model, themes), 900, 700);
        themes.style(scene);
        stage.setScene(scene);
        stage.show();
    }

    @AfterEach
    void tearDown() {
        loggedIn.forEach(a -> a.session().close());
        server.close();
        background.shutdownNow();
    }

    @Test
    void theWindowKeepsRespondingAndShowsProgressWhileSigningUpAgainstASlowServer(FxRobot robot)
            throws Exception {
        server.holdRequests();
        robot.clickOn("#mode-sign-up");
        robot.clickOn("#username").write("alice");
        robot.clickOn("#password").write("correct horse battery");
        robot.clickOn("#confirm-password").write("correct horse battery");
        robot.clickOn("#submit");

        assertThat(server.awaitRequest(30)).as("the sign-up reached the server").isTrue();
        // The server is holding the request: if any of it ran on the FX thread, this would time
        // out.
        WaitForAsyncUtils.asyncFx(() -> {}).get(2, TimeUnit.SECONDS);
        ProgressBar progress = robot.lookup("#login-progress").queryAs(ProgressBar.class);
        assertThat(progress.isVisible()).isTrue();
        assertThat(robot.lookup("#submit").query().isDisabled()).isTrue();
        assertThat(loggedIn).isEmpty();

        server.releaseRequests();
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> !loggedIn.isEmpty());
        assertThat(loggedIn.get(0).session().username()).isEqualTo("alice");
    }
}
