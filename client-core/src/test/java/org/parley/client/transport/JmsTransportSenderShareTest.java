package org.parley.client.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.broker.BrokerNode;
import org.parley.broker.BrokerNodeConfig;
import org.parley.client.exceptions.InboxShareFullException;
import org.parley.crypto.SessionClaims;
import org.parley.crypto.SessionTokens;
import org.parley.crypto.primitives.Ed25519;
import org.parley.model.Ids;

/**
 * Past the broker's per-sender share of an inbox, texts and files fail at once with their own
 * exception.
 */
class JmsTransportSenderShareTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int SHARE = 3;

    @TempDir Path tmp;

    private final Ed25519.KeyPair authKey = Ed25519.generate(RANDOM);
    private BrokerNode node;
    private JmsTransport alice;

    @AfterEach
    void stop() throws Exception {
        if (alice != null) {
            alice.close();
        }
        if (node != null) {
            node.stop();
        }
    }

    @Test
    void aSendPastTheSendersShareFailsAsNotRetryableInboxShareFullForTextsAndFiles()
            throws Exception {
        node =
                new BrokerNode(
                        BrokerNodeConfig.builder()
                                .nodeId("n1")
                                .host("127.0.0.1")
                                .port(BrokerFixture.freePort())
                                .dataDir(tmp.resolve("n1"))
                                .tokenPublicKey(authKey.publicKey())
                                .clusterPassword(
                                        "cluster-secret-" + Long.toHexString(RANDOM.nextLong()))
                                .servicePassword(
                                        "service-secret-" + Long.toHexString(RANDOM.nextLong()))
                                .journalBufferTimeoutNanos(200_000)
                                .inboxSenderShareMessages(SHARE)
                                .build(),
                        Clock.systemUTC());
        node.start();
        alice =
                new JmsTransport(
                        List.of(node.url()),
                        new BrokerCredentials() {
                            @Override
                            public String username() {
                                return "alice";
                            }

                            @Override
                            public String token(boolean renew) {
                                return SessionTokens.issue(
                                        authKey.privateKey(),
                                        SessionClaims.session(
                                                "alice",
                                                Clock.systemUTC().instant(),
                                                Duration.ofMinutes(15)));
                            }
                        },
                        new TransportOptions(
                                64, Duration.ofSeconds(5), Duration.ofMillis(500), Thread::new));
        alice.start(batch -> {}, null);

        for (int i = 0; i < SHARE; i++) {
            alice.send("bob", Ids.newId(), new byte[100]);
        }
        TransportException text =
                catchThrowableOfType(
                        TransportException.class,
                        () -> alice.send("bob", Ids.newId(), new byte[100]));
        assertThat(text.retryable()).isFalse();
        assertThat(text.getCause())
                .isInstanceOf(InboxShareFullException.class)
                .hasMessageContaining("as the server keeps from one sender");
        assertThat(((InboxShareFullException) text.getCause()).recipient()).isEqualTo("bob");

        TransportException file =
                catchThrowableOfType(
                        TransportException.class,
                        () ->
                                alice.sendStream(
                                        "bob",
                                        Ids.newId(),
                                        new ByteArrayInputStream(new byte[300 * 1024])));
        assertThat(file.retryable()).isFalse();
        assertThat(file.getCause()).isInstanceOf(InboxShareFullException.class);

        alice.send("carol", Ids.newId(), new byte[100]); // her share of another inbox is untouched
    }
}
