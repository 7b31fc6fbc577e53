package org.parley.fx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.parley.fx.testing.AppWindow.senderOf;

import javafx.scene.Node;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.parley.fx.testing.AppWindow;
import org.parley.fx.testing.DesktopWindows;

/**
 * Group chat in the real desktop client (TestFX, headless Monocle) against a real local stack:
 * alice creates a group in the UI with the member picker's "other usernames", sends a message, and
 * bob, in his own window, sees the group in his sidebar and alice's message in it under her name,
 * with the "created the group" system line; alice's group panel marks her admin.
 */
class GroupDesktopIT {
    @RegisterExtension static final DesktopWindows desktop = new DesktopWindows();

    @Test
    void aGroupCreatedInTheUiCarriesAMessageToAnotherClientWithTheSendersName() throws Exception {
        desktop.signUpHeadless("carol");
        AppWindow alice = desktop.open("alice", 0);
        AppWindow bob = desktop.open("bob", 960);
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
        bob.clickOn(bob.conversationTitled("Weekend").orElseThrow());
        bob.waitFor(
                () -> "Weekend".equals(bob.textOf("#chat-title")),
                "the group conversation in bob's window");
        Node received = bob.waitForBubble("Who brings the tent?");
        assertThat(senderOf(received)).isEqualTo("alice");
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
}
