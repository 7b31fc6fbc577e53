package org.parley.fx.main;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.parley.client.Session;
import org.parley.client.session.ParleyClient;
import org.parley.fx.chat.MessageItem;
import org.parley.fx.common.ActiveSession;
import org.parley.fx.conversations.ConversationItem;
import org.parley.fx.testing.TestClients;

class MainViewModelTest {
    @RegisterExtension final TestClients clients = new TestClients();
    private final List<String> notifications = new ArrayList<>();
    private int loggedOut;

    private MainViewModel main(ActiveSession active) {
        MainViewModel vm =
                new MainViewModel(
                        active,
                        clients.async,
                        (title, text) -> notifications.add(title + ": " + text),
                        Clock.systemDefaultZone(),
                        Session.MAX_TEXT_LENGTH,
                        () -> loggedOut++);
        vm.start();
        return vm;
    }

    private void send(MainViewModel from, String to, String text) {
        from.openNewChat();
        from.newChatNameProperty().set(to);
        from.startNewChat();
        clients.ui.runUntil(
                () -> to.equals(from.selectedPeerProperty().get()), "the chat with " + to);
        from.chat().draftProperty().set(text);
        from.chat().send();
    }

    private static List<MessageItem> shown(MainViewModel vm) {
        return vm.chat().rows().stream()
                .filter(MessageItem.class::isInstance)
                .map(MessageItem.class::cast)
                .toList();
    }

    @Test
    void aNewMessageShowsInTheSidebarWithAnUnreadBadgeAndNotifiesWhileUnfocused() throws Exception {
        MainViewModel alice = main(clients.signUp(clients.client("alice"), "alice"));
        MainViewModel bob = main(clients.signUp(clients.client("bob"), "bob"));
        bob.windowFocusedProperty().set(false);

        send(alice, "bob", "Hi Bob, it's Alice");
        clients.ui.runUntil(
                () ->
                        bob.conversations().find("alice") != null
                                && bob.conversations().find("alice").unreadProperty().get() == 1,
                "alice's line with one unread");

        ConversationItem line = bob.conversations().items().get(0);
        assertThat(line.peer()).isEqualTo("alice");
        assertThat(line.previewProperty().get()).isEqualTo("Hi Bob, it's Alice");
        assertThat(notifications).containsExactly("alice: Hi Bob, it's Alice");

        bob.windowFocusedProperty().set(true);
        bob.selectedPeerProperty().set("alice");
        clients.ui.runUntil(
                () -> shown(bob).size() == 1 && line.unreadProperty().get() == 0, "the chat, read");
        assertThat(shown(bob).get(0).sender()).isEqualTo("alice");
        assertThat(alice.conversations().find("bob").previewProperty().get())
                .isEqualTo("You: Hi Bob, it's Alice");
    }

    @Test
    void messagesThatArrivedWhileOfflineShowWithUnreadCountsAtLogin() throws Exception {
        ParleyClient carolClient = clients.client("carol");
        clients.signUp(carolClient, "carol").session().close();
        MainViewModel dave = main(clients.signUp(clients.client("dave"), "dave"));
        send(dave, "carol", "First, while you were away");
        dave.chat().draftProperty().set("Second");
        dave.chat().send();
        clients.ui.runUntil(() -> shown(dave).size() == 2, "both messages sent");

        MainViewModel carol = main(clients.logIn(carolClient, "carol"));
        clients.ui.runUntil(
                () ->
                        carol.conversations().find("dave") != null
                                && carol.conversations().find("dave").unreadProperty().get() == 2,
                "two unread from dave");
        assertThat(carol.conversations().find("dave").previewProperty().get()).isEqualTo("Second");
    }

    @Test
    void theHistoryIsStillThereAfterLoggingOutAndInAgain() throws Exception {
        ParleyClient judyClient = clients.client("judy");
        MainViewModel judy = main(clients.signUp(judyClient, "judy"));
        clients.signUp(clients.client("kim"), "kim");
        send(judy, "kim", "Remember this");
        clients.ui.runUntil(() -> shown(judy).size() == 1, "the message");
        judy.logout().get();

        MainViewModel again = main(clients.logIn(judyClient, "judy"));
        clients.ui.runUntil(
                () -> again.conversations().find("kim") != null, "kim's line from the local store");
        again.selectedPeerProperty().set("kim");
        clients.ui.runUntil(() -> shown(again).size() == 1, "the stored message");
        assertThat(shown(again).get(0).text()).isEqualTo("Remember this");
        assertThat(shown(again).get(0).outgoing()).isTrue();
    }

    @Test
    void aLostConnectionShowsTheBannerUntilItIsBack() throws Exception {
        MainViewModel erin = main(clients.signUp(clients.client("erin"), "erin"));
        clients.ui.runPending();
        assertThat(erin.connectionProblemProperty().get()).isEmpty();

        clients.broker.setConnected("erin", false);
        clients.ui.runUntil(() -> !erin.connectionProblemProperty().get().isEmpty(), "the banner");
        assertThat(erin.connectionProblemProperty().get()).contains("Reconnecting");

        clients.broker.setConnected("erin", true);
        clients.ui.runUntil(
                () -> erin.connectionProblemProperty().get().isEmpty(), "the banner to go");
    }

    @Test
    void anUnreachableServerNodeShowsThatMessagesMayBePendingUntilItIsBack() throws Exception {
        MainViewModel gina = main(clients.signUp(clients.client("gina"), "gina"));
        clients.ui.runPending();

        gina.onUnreachableBrokers(java.util.Set.of("tcp://10.0.0.7:61617?callTimeout=10000"));
        assertThat(gina.connectionProblemProperty().get())
                .contains("10.0.0.7:61617")
                .contains("messages for you may be waiting there");

        gina.onUnreachableBrokers(java.util.Set.of());
        assertThat(gina.connectionProblemProperty().get()).isEmpty();
    }

    @Test
    void aNewChatWithSomeoneUnknownSaysSoAndOpensNothing() throws Exception {
        MainViewModel frank = main(clients.signUp(clients.client("frank"), "frank"));
        frank.openNewChat();
        frank.newChatNameProperty().set("nobody");
        frank.startNewChat();
        clients.ui.runUntil(() -> !frank.newChatErrorProperty().get().isEmpty(), "the error");

        assertThat(frank.newChatErrorProperty().get())
                .isEqualTo("There is no Parley user 'nobody'.");
        assertThat(frank.newChatOpenProperty().get()).isTrue();
        assertThat(frank.selectedPeerProperty().get()).isNull();
    }

    @Test
    void aContactsNewKeyShowsAWarningAndBlocksSendingUntilAccepted() throws Exception {
        MainViewModel hank = main(clients.signUp(clients.client("hank"), "hank"));
        ActiveSession oldIvy = clients.signUp(clients.client("ivy-old"), "ivy");
        send(hank, "ivy", "Hi Ivy");
        clients.ui.runUntil(() -> shown(hank).size() == 1, "the first message");
        oldIvy.session().close();

        // ivy's account comes back with new identity keys and writes to hank
        clients.server.forget("ivy");
        ActiveSession newIvy = clients.signUp(clients.client("ivy-new"), "ivy");
        newIvy.session()
                .sendText("hank", "New laptop, new keys")
                .get(30, java.util.concurrent.TimeUnit.SECONDS);

        clients.ui.runUntil(
                () -> !hank.chat().keyWarningProperty().get().isEmpty(), "the key-change warning");
        assertThat(hank.chat().keyWarningProperty().get())
                .contains("safety number with ivy has changed");
        assertThat(hank.chat().sendingBlockedProperty().get()).isTrue();
        hank.chat().draftProperty().set("Is that really you?");
        assertThat(hank.chat().canSendProperty().get()).isFalse();
        clients.ui.runUntil(
                () -> !hank.contact().warningProperty().get().isEmpty(),
                "the warning in the contact panel");
        assertThat(hank.contact().canAcceptKeyProperty().get()).isTrue();

        hank.contact().acceptKeyChange();
        clients.ui.runUntil(
                () -> !hank.chat().sendingBlockedProperty().get(), "sending to be allowed again");
        clients.ui.runUntil(
                () -> shown(hank).stream().anyMatch(m -> m.text().equals("New laptop, new keys")),
                "the held message, shown once the key is accepted");
        assertThat(hank.chat().keyWarningProperty().get()).isEmpty();
        assertThat(hank.chat().canSendProperty().get()).isTrue();
    }

    @Test
    void logOutClosesTheSessionAndReturnsToLogin() throws Exception {
        ActiveSession active = clients.signUp(clients.client("gina"), "gina");
        MainViewModel gina = main(active);
        gina.logout().get();
        clients.ui.runUntil(() -> loggedOut == 1, "the login screen");
        assertThat(gina.connectionProblemProperty().get()).isEmpty();
    }
}
