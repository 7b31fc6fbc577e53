package org.parley.fx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.parley.fx.testing.AppWindow.senderOf;
import static org.parley.fx.testing.AppWindow.stateOf;
import static org.parley.fx.testing.AppWindow.timeOf;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import javafx.scene.Node;
import javafx.scene.control.Label;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.parley.fx.chat.DeliveryState;
import org.parley.fx.testing.AppWindow;
import org.parley.fx.testing.DesktopWindows;
import org.testfx.api.FxToolkit;

/**
 * The real desktop client, headless under Monocle, driven through its UI by TestFX against a real
 * local stack (embedded PostgreSQL, the auth server and an Artemis broker on loopback). Each
 * simulated user has their own window, client-core instance and profiles directory.
 */
class ParleyDesktopIT {
    private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");

    @RegisterExtension static final DesktopWindows desktop = new DesktopWindows();

    // ---- the tests ------------------------------------------------------------------------------

    @Test
    void aMessageSentInOneClientAppearsInTheOthersChatWithTheRightSenderAndTime() throws Exception {
        AppWindow alice = desktop.open("alice", 0);
        AppWindow bob = desktop.open("bob", 960);
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
        desktop.signUpHeadless("dora");
        AppWindow dora = desktop.open("dora", 0);
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
        desktop.signUpHeadless("carol");
        AppWindow erin = desktop.open("erin", 0);
        erin.signUp("erin");
        erin.startChat("carol");
        erin.send("Are you there, Carol?");
        Node sent = erin.waitForBubble("Are you there, Carol?");
        erin.waitFor(() -> stateOf(sent) == DeliveryState.SENT, "the broker to hold it for carol");

        AppWindow carol = desktop.open("carol", 960);
        carol.fillLogin("carol", DesktopWindows.PASSWORD);
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
        Path image = desktop.dir().resolve("beach.png");
        java.awt.image.BufferedImage img =
                new java.awt.image.BufferedImage(
                        640, 480, java.awt.image.BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 480; y++) {
            for (int x = 0; x < 640; x++) {
                img.setRGB(x, y, (x * 255 / 640) << 16 | (y * 255 / 480) << 8 | 0x80);
            }
        }
        javax.imageio.ImageIO.write(img, "png", image.toFile());
        Path savedCopy = desktop.dir().resolve("saved").resolve("beach-copy.png");
        java.nio.file.Files.createDirectories(savedCopy.getParent());

        AppWindow frank = desktop.open("frank", 0);
        AppWindow gina = desktop.open("gina", 960);
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
        gina.clickOn(received.lookup("#file-save"));
        gina.waitFor(() -> java.nio.file.Files.exists(savedCopy), "the saved copy");
        assertThat(java.nio.file.Files.readAllBytes(savedCopy))
                .isEqualTo(java.nio.file.Files.readAllBytes(image));
    }

    // ---- helpers -------------------------------------------------------------------------------

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
}
