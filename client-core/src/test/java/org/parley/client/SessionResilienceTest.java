package org.parley.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.parley.broker.BrokerNode;
import org.parley.client.session.ClientConfig;
import org.parley.client.session.ParleyClient;
import org.parley.client.testing.RecordingListener;
import org.parley.client.transport.BrokerFixture;
import org.parley.testing.FakeAuthServer;
import org.parley.testing.Wait;

/** Failover between broker nodes and token renewal, at the level of a whole session. */
class SessionResilienceTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir Path tmp;

    @RegisterExtension final BrokerFixture brokers = new BrokerFixture();
    private FakeAuthServer auth;

    private ParleyClient client(String device) {
        return new ParleyClient(ClientConfig.builder(tmp.resolve(device)).build());
    }

    private static <T> T get(CompletableFuture<T> f) throws Exception {
        return f.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    /**
     * {@code user}, signed up on a device of their own with the password "{@code user} password".
     */
    private Session signup(String user, RecordingListener events) throws Exception {
        char[] password = (user + " password").toCharArray();
        return get(client(user).signup(auth.uri(), user, password, null, events));
    }

    @Test
    void sessionsFailOverToTheNextBrokerAndQueuedMessagesGoThrough() throws Exception {
        BrokerNode n1 = brokers.start("n1", tmp.resolve("n1"));
        BrokerNode n2 = brokers.start("n2", tmp.resolve("n2"));
        auth = brokers.authServer(n1, n2);
        RecordingListener aliceEvents = new RecordingListener();
        RecordingListener bobEvents = new RecordingListener();
        try (Session alice = signup("alice", aliceEvents);
                Session bob = signup("bob", bobEvents)) {
            assertThat(alice.connectedBroker()).contains(n1.url());
            get(alice.sendText("bob", "before"));
            Wait.until(WAIT, "first message", () -> bobEvents.incoming().size() == 1);

            n1.stop();
            CompletableFuture<OutgoingMessage> during = alice.sendText("bob", "during the outage");

            Wait.until(
                    WAIT,
                    "alice back",
                    () ->
                            alice.connectionState() == ConnectionState.CONNECTED
                                    && aliceEvents.connection.contains(
                                            ConnectionState.RECONNECTING));
            Wait.until(
                    WAIT,
                    "bob back",
                    () ->
                            bob.connectionState() == ConnectionState.CONNECTED
                                    && bobEvents.connection.contains(ConnectionState.RECONNECTING));
            assertThat(alice.connectedBroker()).contains(n2.url());
            OutgoingMessage sent = get(during);
            Wait.until(
                    WAIT, "message sent during the outage", () -> bobEvents.incoming().size() == 2);
            assertThat(bobEvents.incoming().get(1).id()).isEqualTo(sent.id());
            assertThat(bob.history("alice"))
                    .extracting(StoredMessage::text)
                    .containsExactly("before", "during the outage");
        }
    }

    @Test
    void tokenIsRenewedBeforeItExpires() throws Exception {
        BrokerNode n1 = brokers.start("n1", tmp.resolve("n1"));
        auth = brokers.authServer(n1);
        auth.tokenLifetimeMs = 40_000; // renewal is due 35 s before expiry, so after about 5 s
        try (Session alice =
                get(
                        client("a")
                                .signup(
                                        auth.uri(),
                                        "alice",
                                        "alice password".toCharArray(),
                                        null))) {
            Wait.until(WAIT, "a token refresh", () -> auth.refreshes.get() >= 1);
            assertThat(alice.connectionState()).isEqualTo(ConnectionState.CONNECTED);
        }
    }
}
