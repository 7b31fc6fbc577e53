package org.parley.fx.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.parley.client.SessionListener;
import org.parley.client.StoredMessage;
import org.parley.client.session.ParleyClient;
import org.parley.fx.common.ActiveSession;
import org.parley.fx.common.TimeLabels;
import org.parley.fx.testing.TestClients;
import org.parley.testing.MutableClock;

class ChatViewModelTest {
    private static final Instant MONDAY_NOON = Instant.parse("2026-03-02T12:00:00Z");

    @RegisterExtension final TestClients clients = new TestClients();
    private final MutableClock clock = new MutableClock(MONDAY_NOON);
    private ActiveSession alice;
    private ActiveSession bob;
    private ChatViewModel aliceChat;
    private ChatViewModel bobChat;

    @BeforeEach
    void setUp() throws Exception {
        ParleyClient aliceClient = clients.client("alice", clock, 1000);
        alice = clients.signUp(aliceClient, "alice");
        bob = clients.signUp(clients.client("bob", clock, 1000), "bob");
        TimeLabels time = new TimeLabels(clock);
        aliceChat = new ChatViewModel(alice.session(), clients.async, time, 1000);
        bobChat = new ChatViewModel(bob.session(), clients.async, time, 1000);
        alice.events().attach(forward(aliceChat));
        bob.events().attach(forward(bobChat));
    }

    private static SessionListener forward(ChatViewModel chat) {
        return new SessionListener() {
            @Override
            public void onMessage(StoredMessage message) {
                chat.onMessage(message);
            }

            @Override
            public void onMessageStateChanged(String id, org.parley.client.MessageState state) {
                chat.onMessageStateChanged(id, state);
            }
        };
    }

    private List<MessageItem> messages(ChatViewModel chat) {
        return chat.rows().stream()
                .filter(MessageItem.class::isInstance)
                .map(MessageItem.class::cast)
                .toList();
    }

    /** Alice opens the conversation with {@code peer} and types {@code draft} (not sent yet). */
    private void aliceDrafts(String peer, String draft) {
        aliceChat.open(peer);
        clients.ui.runPending();
        aliceChat.draftProperty().set(draft);
    }

    @Test
    void sendReturnsAtOnceAndTheMessageGoesFromSendingToSentWhileTheNetworkIsSlow() {
        clients.broker.holdSends();
        aliceDrafts("bob", "Hello Bob");

        assertTimeoutPreemptively(Duration.ofSeconds(5), aliceChat::send);
        assertThat(aliceChat.draftProperty().get()).isEmpty();
        clients.ui.runUntil(() -> messages(aliceChat).size() == 1, "the message to show");
        MessageItem sent = messages(aliceChat).get(0);
        assertThat(sent.state()).isEqualTo(DeliveryState.SENDING);
        assertThat(sent.outgoing()).isTrue();

        clients.broker.releaseSends();
        clients.ui.runUntil(
                () -> sent.state() != DeliveryState.SENDING, "the broker's acknowledgement");
        assertThat(sent.state()).isIn(DeliveryState.SENT, DeliveryState.DELIVERED);
    }

    @Test
    void threeMessagesTypedInQuickSuccessionShowInTheOrderTheyWereTyped() {
        bobChat.open("alice");
        aliceChat.open("bob");
        clients.ui.runPending();

        for (String text : List.of("one", "two", "three")) {
            aliceChat.draftProperty().set(text);
            aliceChat.send();
        }

        assertThat(aliceChat.draftProperty().get()).isEmpty();
        clients.ui.runUntil(() -> messages(aliceChat).size() == 3, "alice's three messages");
        clients.ui.runUntil(() -> messages(bobChat).size() == 3, "the three messages at bob");
        assertThat(messages(aliceChat))
                .extracting(MessageItem::text)
                .containsExactly("one", "two", "three");
        assertThat(messages(bobChat))
                .extracting(MessageItem::text)
                .containsExactly("one", "two", "three");
    }

    @Test
    void aMessageRefusedBeforeItWasStoredGoesBackToTheComposerWithTheReason() {
        aliceDrafts("nobody", "Is anyone there?");

        aliceChat.send();

        clients.ui.runUntil(
                () -> !aliceChat.sendErrorProperty().get().isEmpty(), "the send to fail");
        assertThat(aliceChat.sendErrorProperty().get())
                .isEqualTo("There is no Parley user 'nobody'.");
        assertThat(aliceChat.draftProperty().get()).isEqualTo("Is anyone there?");
        assertThat(messages(aliceChat)).isEmpty();
    }

    @Test
    void aMessageThatWasStoredStaysInTheConversationAndOutOfTheComposerWhenItsSendFails() {
        clients.broker.holdSends();
        aliceDrafts("bob", "Sent just before logging out");
        aliceChat.send();
        clients.ui.runUntil(() -> messages(aliceChat).size() == 1, "the message to show");

        alice.session().close();

        clients.ui.runUntil(
                () -> !aliceChat.sendErrorProperty().get().isEmpty(), "the send to fail");
        clients.broker.releaseSends();
        assertThat(aliceChat.sendErrorProperty().get()).isEqualTo("You are logged out.");
        assertThat(aliceChat.draftProperty().get()).isEmpty();
        assertThat(messages(aliceChat))
                .extracting(MessageItem::text)
                .containsExactly("Sent just before logging out");
    }

    @Test
    void incomingMessagesShowSenderTimeAndADaySeparatorPerDay() {
        bobChat.open("alice");
        aliceChat.open("bob");
        clients.ui.runPending();

        aliceChat.draftProperty().set("Monday lunch?");
        aliceChat.send();
        clients.ui.runUntil(() -> messages(bobChat).size() == 1, "the first message at bob");
        clock.advance(Duration.ofDays(1).plusMinutes(5));
        aliceChat.draftProperty().set("Tuesday then");
        aliceChat.send();
        clients.ui.runUntil(() -> messages(bobChat).size() == 2, "the second message at bob");

        assertThat(bobChat.rows()).hasSize(4);
        assertThat(bobChat.rows().get(0)).isInstanceOf(DaySeparator.class);
        assertThat(((DaySeparator) bobChat.rows().get(0)).day())
                .isEqualTo(java.time.LocalDate.of(2026, 3, 2));
        assertThat(bobChat.rows().get(2)).isInstanceOf(DaySeparator.class);
        assertThat(((DaySeparator) bobChat.rows().get(2)).label()).isEqualTo("Today");
        MessageItem first = messages(bobChat).get(0);
        assertThat(first.sender()).isEqualTo("alice");
        assertThat(first.outgoing()).isFalse();
        assertThat(first.text()).isEqualTo("Monday lunch?");
        assertThat(first.time()).isEqualTo("12:00");
        assertThat(first.firstOfGroup()).isTrue();
        assertThat(messages(bobChat).get(1).time()).isEqualTo("12:05");

        // Opened again later, the same rows come back from the stored history.
        bobChat.close();
        bobChat.open("alice");
        clients.ui.runUntil(() -> !bobChat.loadingProperty().get(), "the history");
        assertThat(bobChat.rows()).hasSize(4);
        assertThat(messages(bobChat))
                .extracting(MessageItem::text)
                .containsExactly("Monday lunch?", "Tuesday then");
    }

    @Test
    void theCounterShowsBeforeTheLimitAndSendingStopsOverIt() {
        aliceChat.open("bob");
        clients.ui.runPending();

        aliceChat.draftProperty().set("x".repeat(400));
        assertThat(aliceChat.counterVisibleProperty().get()).isFalse();
        assertThat(aliceChat.canSendProperty().get()).isTrue();

        aliceChat.draftProperty().set("x".repeat(990));
        assertThat(aliceChat.counterVisibleProperty().get()).isTrue();
        assertThat(aliceChat.counterTextProperty().get()).isEqualTo("10 characters left");

        aliceChat.draftProperty().set("x".repeat(1003));
        assertThat(aliceChat.overLimitProperty().get()).isTrue();
        assertThat(aliceChat.canSendProperty().get()).isFalse();
        assertThat(aliceChat.counterTextProperty().get()).isEqualTo("3 over the limit of 1000");
        aliceChat.send();
        assertThat(aliceChat.draftProperty().get()).hasSize(1003);
    }

    @Test
    void aDraftStaysWithItsConversation() {
        aliceChat.open("bob");
        aliceChat.draftProperty().set("half a thought");
        aliceChat.open("carol");
        assertThat(aliceChat.draftProperty().get()).isEmpty();
        aliceChat.open("bob");
        assertThat(aliceChat.draftProperty().get()).isEqualTo("half a thought");
    }

    @Test
    void aFileBeingReceivedShowsItsProgressWithoutACancelAndGoesWhenTheStreamEnds() {
        bobChat.open("alice");
        bobChat.onFileProgress("f1", "alice", 256 * 1024, 1024 * 1024);

        assertThat(bobChat.uploads())
                .singleElement()
                .satisfies(
                        row -> {
                            assertThat(row.name()).isEqualTo("Receiving from alice");
                            assertThat(row.progressProperty().get()).isEqualTo(0.25);
                            assertThat(row.statusProperty().get()).isEqualTo("25 %");
                            assertThat(row.cancellable()).isFalse();
                        });
        bobChat.onFileProgress("f1", "alice", 512 * 1024, 1024 * 1024);
        assertThat(bobChat.uploads())
                .singleElement()
                .satisfies(row -> assertThat(row.statusProperty().get()).isEqualTo("50 %"));

        bobChat.onFileProgress("f1", "alice", 1024 * 1024, 1024 * 1024);
        assertThat(bobChat.uploads()).isEmpty();
    }
}
