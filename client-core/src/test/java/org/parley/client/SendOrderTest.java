package org.parley.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.parley.broker.BrokerNode;
import org.parley.client.exceptions.InboxFullException;
import org.parley.client.exceptions.InvalidInputException;
import org.parley.client.exceptions.SendFailedException;
import org.parley.client.exceptions.SessionClosedException;
import org.parley.client.exceptions.UnknownUserException;
import org.parley.client.session.ClientConfig;
import org.parley.client.session.ParleyClient;
import org.parley.client.testing.RecordingListener;
import org.parley.client.transport.BrokerCredentials;
import org.parley.client.transport.BrokerFixture;
import org.parley.client.transport.InboundHandler;
import org.parley.client.transport.JmsTransport;
import org.parley.client.transport.Transport;
import org.parley.client.transport.TransportException;
import org.parley.client.transport.TransportFactory;
import org.parley.client.transport.TransportListener;
import org.parley.client.transport.TransportOptions;
import org.parley.testing.FakeAuthServer;
import org.parley.testing.Wait;

/**
 * A session's sends are sealed, stored and handed to the transport in call order, and a failed send
 * says whether the message was kept. A fake auth API and a real embedded broker node; the transport
 * is the real one, with every hand-over recorded.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SendOrderTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final char[] PASSWORD = "correct horse battery".toCharArray();
    private static final int SENDS = 200;

    @TempDir static Path tmp;

    @RegisterExtension final BrokerFixture brokers = new BrokerFixture();
    private FakeAuthServer auth;

    @BeforeAll
    void startServers() throws Exception {
        BrokerNode node = brokers.start("n1", tmp.resolve("broker"));
        auth = brokers.authServer(node);
    }

    private Session signup(String user, TransportFactory transports, SessionListener listener)
            throws Exception {
        ParleyClient client =
                new ParleyClient(
                        ClientConfig.builder(tmp.resolve(user))
                                .transportFactory(transports)
                                .build());
        return client.signup(auth.uri(), user, PASSWORD, null, listener)
                .get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    private static <T> T get(CompletableFuture<T> f) throws Exception {
        return f.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    private static List<String> ids(List<CompletableFuture<OutgoingMessage>> sends)
            throws Exception {
        List<String> ids = new ArrayList<>();
        for (CompletableFuture<OutgoingMessage> f : sends) {
            ids.add(get(f).id());
        }
        return ids;
    }

    private static List<String> texts(List<StoredMessage> messages) {
        return messages.stream().map(StoredMessage::text).toList();
    }

    private static List<String> numbered(String prefix, int count) {
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            texts.add(prefix + i);
        }
        return texts;
    }

    private static SendFailedException failure(CompletableFuture<?> send) {
        Throwable thrown = catchThrowable(() -> send.get(WAIT.toSeconds(), TimeUnit.SECONDS));
        assertThat(thrown).isInstanceOf(ExecutionException.class);
        assertThat(thrown.getCause()).isInstanceOf(SendFailedException.class);
        return (SendFailedException) thrown.getCause();
    }

    @Test
    void textsFiredFromOneThreadWithoutWaitingAreStoredHandedOverAndReceivedInCallOrder()
            throws Exception {
        RecordingTransports aliceTransports = new RecordingTransports();
        RecordingListener bobEvents = new RecordingListener();
        try (Session alice = signup("alice1", aliceTransports, null);
                Session bob = signup("bob1", JmsTransport::new, bobEvents)) {
            List<String> texts = numbered("message ", SENDS);
            List<CompletableFuture<OutgoingMessage>> sends = new ArrayList<>();
            for (String text : texts) {
                sends.add(alice.sendText("bob1", text));
            }
            List<String> ids = ids(sends);

            assertThat(texts(alice.history("bob1"))).containsExactlyElementsOf(texts);
            assertThat(alice.history("bob1"))
                    .extracting(StoredMessage::id)
                    .containsExactlyElementsOf(ids);
            assertThat(aliceTransports.handedOver("bob1")).containsExactlyElementsOf(ids);
            Wait.until(WAIT, "bob receiving all", () -> bobEvents.incoming().size() == SENDS);
            assertThat(texts(bobEvents.incoming())).containsExactlyElementsOf(texts);
            assertThat(texts(bob.history("alice1"))).containsExactlyElementsOf(texts);
        }
    }

    @Test
    void textsFiredFromSeveralThreadsKeepEachThreadsOrder() throws Exception {
        RecordingTransports aliceTransports = new RecordingTransports();
        int threads = 4;
        int each = SENDS / threads;
        try (Session alice = signup("alice2", aliceTransports, null);
                Session bob = signup("bob2", JmsTransport::new, null)) {
            List<List<CompletableFuture<OutgoingMessage>>> sends = new ArrayList<>();
            CountDownLatch start = new CountDownLatch(1);
            List<Thread> senders = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                List<CompletableFuture<OutgoingMessage>> mine = new CopyOnWriteArrayList<>();
                sends.add(mine);
                String prefix = "thread " + t + " message ";
                Thread sender =
                        new Thread(
                                () -> {
                                    try {
                                        start.await();
                                    } catch (InterruptedException e) {
                                        return;
                                    }
                                    for (String text : numbered(prefix, each)) {
                                        mine.add(alice.sendText("bob2", text));
                                    }
                                });
                sender.start();
                senders.add(sender);
            }
            start.countDown();
            for (Thread sender : senders) {
                sender.join(WAIT.toMillis());
            }
            List<List<String>> ids = new ArrayList<>();
            for (List<CompletableFuture<OutgoingMessage>> mine : sends) {
                ids.add(ids(mine));
            }

            List<String> stored = texts(alice.history("bob2"));
            assertThat(stored).hasSize(SENDS);
            List<String> handedOver = aliceTransports.handedOver("bob2");
            for (int t = 0; t < threads; t++) {
                String prefix = "thread " + t + " message ";
                List<String> mine = ids.get(t);
                assertThat(stored.stream().filter(s -> s.startsWith(prefix)).toList())
                        .as("thread %d's texts in the history", t)
                        .containsExactlyElementsOf(numbered(prefix, each));
                assertThat(handedOver.stream().filter(Set.copyOf(mine)::contains).toList())
                        .as("thread %d's texts as handed to the transport", t)
                        .containsExactlyElementsOf(mine);
            }
        }
    }

    @Test
    void aSendRefusedBeforeStoringIsNotKeptAndStoresNothing() throws Exception {
        try (Session alice = signup("alice3", JmsTransport::new, null);
                Session bob = signup("bob3", JmsTransport::new, null)) {
            get(alice.sendText("bob3", "the only one"));

            SendFailedException empty = failure(alice.sendText("bob3", "   "));
            SendFailedException stranger = failure(alice.sendText("nobody3", "hello?"));

            assertThat(empty.kept()).isFalse();
            assertThat(empty.reason()).isInstanceOf(InvalidInputException.class);
            assertThat(empty).hasMessage(empty.reason().getMessage());
            assertThat(stranger.kept()).isFalse();
            assertThat(stranger.reason()).isInstanceOf(UnknownUserException.class);
            assertThat(texts(alice.history("bob3"))).containsExactly("the only one");
            assertThat(alice.history("nobody3")).isEmpty();

            alice.close();
            SendFailedException closed = failure(alice.sendText("bob3", "too late"));
            assertThat(closed.kept()).isFalse();
            assertThat(closed.reason()).isInstanceOf(SessionClosedException.class);
        }
    }

    @Test
    void aSendTheTransportRefusesAfterStoringIsKeptAsFailed() throws Exception {
        RecordingTransports aliceTransports = new RecordingTransports();
        aliceTransports.refused = "bob4";
        try (Session alice = signup("alice4", aliceTransports, null);
                Session bob = signup("bob4", JmsTransport::new, null)) {
            SendFailedException full = failure(alice.sendText("bob4", "into a full inbox"));

            assertThat(full.kept()).isTrue();
            assertThat(full.reason()).isInstanceOf(InboxFullException.class);
            assertThat(alice.history("bob4"))
                    .singleElement()
                    .satisfies(
                            m -> {
                                assertThat(m.text()).isEqualTo("into a full inbox");
                                assertThat(m.state()).isEqualTo(MessageState.FAILED);
                            });
        }
    }

    /** Real transports that record every envelope handed to them, and may refuse a recipient. */
    private static final class RecordingTransports implements TransportFactory {
        private record HandOver(String recipient, String id) {}

        private final List<HandOver> handedOver = new CopyOnWriteArrayList<>();

        /** Sends to this recipient fail for good, as for a full inbox. */
        volatile String refused;

        List<String> handedOver(String recipient) {
            return handedOver.stream()
                    .filter(h -> h.recipient().equals(recipient))
                    .map(HandOver::id)
                    .distinct() // a retry hands the same envelope over again
                    .toList();
        }

        @Override
        public Transport create(
                List<String> brokerUrls, BrokerCredentials credentials, TransportOptions options) {
            Transport real = new JmsTransport(brokerUrls, credentials, options);
            return new Transport() {
                @Override
                public void start(InboundHandler handler, TransportListener listener) {
                    real.start(handler, listener);
                }

                @Override
                public void send(String recipient, String envelopeId, byte[] body)
                        throws TransportException {
                    handedOver.add(new HandOver(recipient, envelopeId));
                    if (recipient.equals(refused)) {
                        throw new TransportException(
                                "inbox full", false, new InboxFullException(recipient, null));
                    }
                    real.send(recipient, envelopeId, body);
                }

                @Override
                public void sendStream(
                        String recipient, String envelopeId, java.io.InputStream body)
                        throws TransportException {
                    real.sendStream(recipient, envelopeId, body);
                }

                @Override
                public void subscribePresence(String user) {
                    real.subscribePresence(user);
                }

                @Override
                public ConnectionState state() {
                    return real.state();
                }

                @Override
                public String currentBroker() {
                    return real.currentBroker();
                }

                @Override
                public boolean awaitConnected(Duration timeout) throws InterruptedException {
                    return real.awaitConnected(timeout);
                }

                @Override
                public void close() {
                    real.close();
                }
            };
        }
    }
}
