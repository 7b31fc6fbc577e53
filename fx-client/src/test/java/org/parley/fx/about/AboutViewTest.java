package org.parley.fx.about;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.parley.client.session.ClientConfig;
import org.parley.client.session.ParleyClient;
import org.parley.fx.app.AppContext;
import org.parley.fx.app.AppShell;
import org.parley.fx.common.Async;
import org.parley.fx.common.FxUiThread;
import org.parley.fx.common.Notifier;
import org.parley.fx.common.Theme;
import org.parley.fx.common.ThemeManager;
import org.parley.fx.testing.InMemoryBroker;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The About box from the real shell: the build's version, from the root pom, and the runtime. */
@ExtendWith(ApplicationExtension.class)
class AboutViewTest {
    @TempDir static Path profiles;
    private final ExecutorService background = Executors.newSingleThreadExecutor();
    private AppShell shell;

    @Start
    void start(Stage stage) {
        ParleyClient client =
                new ParleyClient(
                        ClientConfig.builder(profiles)
                                .transportFactory(new InMemoryBroker())
                                .build());
        ThemeManager themes = new ThemeManager(Theme.LIGHT, t -> {});
        themes.applyGlobally();
        shell =
                new AppShell(
                        new AppContext(
                                client,
                                new Async(new FxUiThread(), background),
                                themes,
                                Notifier.NONE,
                                Clock.systemUTC(),
                                Optional.of("http://127.0.0.1:9")),
                        stage);
        shell.show();
    }

    @AfterEach
    void tearDown() {
        background.shutdownNow();
    }

    @Test
    void theAboutButtonOnTheLoginScreenShowsTheBuildVersion(FxRobot robot) {
        robot.clickOn("#about");
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(shell.aboutView().isShowing()).isTrue();
        Label version = (Label) shell.aboutView().getDialogPane().lookup("#about-version");
        assertThat(version.getText())
                .isEqualTo("Version " + System.getProperty("parley.expectedVersion"));
        assertThat(AboutInfo.current(profiles).asText())
                .startsWith("Parley " + System.getProperty("parley.expectedVersion") + "\n")
                .contains("Profiles: " + profiles);
        robot.interact(() -> shell.aboutView().close());
    }

    @Test
    void f1OpensTheAboutBox(FxRobot robot) throws Exception {
        robot.press(KeyCode.F1).release(KeyCode.F1);
        WaitForAsyncUtils.waitFor(
                5,
                TimeUnit.SECONDS,
                () -> shell.aboutView() != null && shell.aboutView().isShowing());
        robot.interact(() -> shell.aboutView().close());
    }

    @Test
    void theVersionIsFilteredInFromThePom() {
        assertThat(System.getProperty("parley.expectedVersion")).isNotBlank();
        assertThat(AboutInfo.buildVersion())
                .isEqualTo(System.getProperty("parley.expectedVersion"));
    }
}
