package org.parley.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.parley.broker.BrokerNode;
import org.parley.client.exceptions.InvalidCredentialsException;
import org.parley.client.exceptions.InvalidInputException;
import org.parley.client.exceptions.InvalidUsernameException;
import org.parley.client.exceptions.SendFailedException;
import org.parley.client.exceptions.SessionClosedException;
import org.parley.client.exceptions.UsernameTakenException;
import org.parley.client.exceptions.WeakKdfParametersException;
import org.parley.client.session.ClientConfig;
import org.parley.client.session.ParleyClient;
import org.parley.client.testing.RecordingListener;
import org.parley.client.transport.BrokerFixture;
import org.parley.model.KdfParams;
import org.parley.testing.FakeAuthServer;
import org.parley.testing.Wait;

/**
 * ParleyClient and Session wired end to end: a fake auth API (real crypto, in memory) and a real
 * embedded broker node. The full stack with the real auth server is in integration-tests.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ParleyClientTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final char[] ALICE_PW = "correct horse battery".toCharArray();
    private static final char[] BOB_PW = "bob's long password".toCharArray();

    @TempDir static Path tmp;

    @RegisterExtension final BrokerFixture brokers = new BrokerFixture();
    private BrokerNode node;
    private FakeAuthServer auth;

    @BeforeAll
    void startServers() throws Exception {
        node = brokers.start("n1", tmp.resolve("broker"));
        auth = brokers.authServer(node);
    }

    private ParleyClient client(String device) {
        return new ParleyClient(ClientConfig.builder(tmp.resolve(device)).build());
    }

    private static <T> T get(java.util.concurrent.CompletableFuture<T> f) throws Exception {
        return f.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    @Test
    void signedUpUsersExchangeMessagesWithDeliveryReceipts() throws Exception {
        RecordingListener aliceEvents = new RecordingListener();
        RecordingListener bobEvents = new RecordingListener();
        try (Session alice =
                        get(
                                client("a1")
                                        .signup(
                                                auth.uri(),
                                                "Alice1",
                                                ALICE_PW,
                                                null,
                                                aliceEvents));
                Session bob =
                        get(client("b1").signup(auth.uri(), "bob1", BOB_PW, null, bobEvents))) {
            assertThat(alice.username()).isEqualTo("alice1");
            assertThat(alice.connectionState()).isEqualTo(ConnectionState.CONNECTED);

            OutgoingMessage sent = get(alice.sendText("bob1", "hello bob"));
            assertThat(sent.state()).isIn(MessageState.SENT, MessageState.DELIVERED);

            Wait.until(WAIT, "bob receiving", () -> bobEvents.incoming().size() == 1);
            assertThat(bobEvents.incoming().get(0).text()).isEqualTo("hello bob");
            assertThat(bob.conversations())
                    .singleElement()
                    .satisfies(
                            c -> {
                                assertThat(c.peer()).isEqualTo("alice1");
                                assertThat(c.unreadCount()).isEqualTo(1);
                            });
            bob.markRead("alice1");
            assertThat(bob.conversations().get(0).unreadCount()).isZero();

            Wait.until(
                    WAIT,
                    "delivery receipt",
                    () -> aliceEvents.states.contains(sent.id() + ":DELIVERED"));
            assertThat(alice.history("bob1"))
                    .singleElement()
                    .satisfies(m -> assertThat(m.state()).isEqualTo(MessageState.DELIVERED));

            assertThat(get(alice.safetyNumber("bob1"))).isEqualTo(get(bob.safetyNumber("alice1")));
            assertThat(bobEvents.rejections).isEmpty();
        }
    }

    @Test
    void secondDeviceRecoversTheSameKeysFromThePassword() throws Exception {
        String first;
        try (Session alice = get(client("a2").signup(auth.uri(), "alice2", ALICE_PW, null));
                Session bob = get(client("b2").signup(auth.uri(), "bob2", BOB_PW, null))) {
            first = get(bob.safetyNumber("alice2"));
        }
        try (Session laptop =
                get(client("a2-laptop").login(auth.uri(), "alice2", ALICE_PW, null))) {
            assertThat(get(laptop.safetyNumber("bob2"))).isEqualTo(first);
        }
    }

    @Test
    void messagesWaitForAnOfflineRecipientAndArriveOnceAfterRestarts() throws Exception {
        ParleyClient bobDevice = client("b3");
        get(bobDevice.signup(auth.uri(), "bob3", BOB_PW, null)).close();
        try (Session alice = get(client("a3").signup(auth.uri(), "alice3", ALICE_PW, null))) {
            for (int i = 0; i < 20; i++) {
                get(alice.sendText("bob3", "offline " + i));
            }
        }
        RecordingListener events = new RecordingListener();
        try (Session bob = get(bobDevice.login(auth.uri(), "bob3", BOB_PW, null, events))) {
            Wait.until(WAIT, "20 messages", () -> events.incoming().size() == 20);
            bob.awaitOutgoing(WAIT);
        }
        RecordingListener again = new RecordingListener();
        try (Session bob = get(bobDevice.login(auth.uri(), "bob3", BOB_PW, null, again))) {
            assertThat(bob.history("alice3")).hasSize(20);
            assertThat(bob.history("alice3").get(0).text()).isEqualTo("offline 0");
        }
        assertThat(again.incoming()).isEmpty();
    }

    @Test
    void progressIsReportedOffTheCallersThread() throws Exception {
        List<String> stages = new CopyOnWriteArrayList<>();
        List<Thread> threads = new CopyOnWriteArrayList<>();
        get(client("a4").signup(auth.uri(), "alice4", ALICE_PW, null)).close();
        Session s =
                get(
                        client("a4")
                                .login(
                                        auth.uri(),
                                        "alice4",
                                        ALICE_PW,
                                        (stage, fraction) -> {
                                            stages.add(stage);
                                            threads.add(Thread.currentThread());
                                        }));
        s.close();
        assertThat(stages)
                .containsSubsequence(
                        ProgressListener.CONTACTING_SERVER,
                        ProgressListener.DERIVING_KEY,
                        ProgressListener.CONNECTING,
                        ProgressListener.SYNCING);
        assertThat(threads).doesNotContain(Thread.currentThread());
        assertThat(client("a4").clientProperties().lastUsername()).contains("alice4");
        assertThat(client("a4").clientProperties().lastServer()).contains(auth.uri());
    }

    @Test
    void wrongPasswordIsRefused() throws Exception {
        get(client("a5").signup(auth.uri(), "alice5", ALICE_PW, null)).close();
        assertThatThrownBy(
                        () ->
                                get(
                                        client("a5")
                                                .login(
                                                        auth.uri(),
                                                        "alice5",
                                                        "wrong password".toCharArray(),
                                                        null)))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(InvalidCredentialsException.class);
    }

    @Test
    void takenUsernameIsRefused() throws Exception {
        get(client("a6").signup(auth.uri(), "alice6", ALICE_PW, null)).close();
        assertThatThrownBy(() -> get(client("x6").signup(auth.uri(), "alice6", BOB_PW, null)))
                .hasCauseInstanceOf(UsernameTakenException.class);
    }

    @Test
    void weakKdfParametersFromTheServerAreRefused() {
        auth.preloginKdfOverride = new KdfParams(1024, 1, 1);
        try {
            assertThatThrownBy(() -> get(client("a7").login(auth.uri(), "alice7", ALICE_PW, null)))
                    .hasCauseInstanceOf(WeakKdfParametersException.class);
        } finally {
            auth.preloginKdfOverride = null;
        }
    }

    @Test
    void badInputFailsBeforeAnyNetworkCall() {
        ParleyClient c = client("a8");
        assertThat(c.login(auth.uri(), "no spaces allowed", ALICE_PW, null))
                .failsWithin(Duration.ofSeconds(1))
                .withThrowableOfType(ExecutionException.class)
                .withCauseInstanceOf(InvalidUsernameException.class);
        assertThat(c.signup(auth.uri(), "alice8", "short".toCharArray(), null))
                .failsWithin(Duration.ofSeconds(1))
                .withThrowableOfType(ExecutionException.class)
                .withCauseInstanceOf(InvalidInputException.class);
        assertThat(c.login(java.net.URI.create("ftp://example"), "alice8", ALICE_PW, null))
                .failsWithin(Duration.ofSeconds(1))
                .withThrowableOfType(ExecutionException.class)
                .withCauseInstanceOf(InvalidInputException.class);
    }

    @Test
    void sessionIsUnusableAfterLogout() throws Exception {
        Session s = get(client("a9").signup(auth.uri(), "alice9", ALICE_PW, null));
        s.logout();
        assertThatThrownBy(() -> get(s.sendText("bob1", "late")))
                .cause()
                .isInstanceOf(SendFailedException.class)
                .hasCauseInstanceOf(SessionClosedException.class);
        // the profile is unlocked again
        get(client("a9").login(auth.uri(), "alice9", ALICE_PW, null)).close();
    }

    @Test
    void logoutAsksTheServerToRevokeTheSessionsToken() throws Exception {
        Session s = get(client("a10").signup(auth.uri(), "alice10", ALICE_PW, null));
        int before = auth.loggedOut.size();
        s.logout();
        assertThat(auth.loggedOut).hasSize(before + 1);
        assertThat(auth.loggedOut.get(before)).isNotBlank();
        s.logout(); // a second logout asks nothing more
        assertThat(auth.loggedOut).hasSize(before + 1);
    }

    @Test
    void theDeviceCookieFromOneLoginIsPresentedOnTheNextFromTheSameProfileOnly() throws Exception {
        get(client("a11").signup(auth.uri(), "alice11", ALICE_PW, null)).close();
        get(client("a11").login(auth.uri(), "alice11", ALICE_PW, null)).close();
        get(client("a11-other-machine").login(auth.uri(), "alice11", ALICE_PW, null)).close();
        int n = auth.presentedCookies.size();
        List<String> last3 = auth.presentedCookies.subList(n - 3, n);
        assertThat(last3.get(0)).as("signup's login: a new device").isEmpty();
        assertThat(last3.get(1)).as("the same profile again").startsWith("cookie-for-alice11-");
        assertThat(last3.get(2)).as("another machine").isEmpty();
    }
}
