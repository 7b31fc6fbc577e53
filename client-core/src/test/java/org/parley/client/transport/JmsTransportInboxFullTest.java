package org.parley.client.transport;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.parley.client.exceptions.InboxFullException;
import org.parley.crypto.SessionClaims;
import org.parley.crypto.SessionTokens;
import org.parley.crypto.primitives.Ed25519;
import org.parley.model.Ids;

/**
 * A send to an inbox past the broker's page limit fails at once, clearly, and does not block other
 * inboxes.
 */
class JmsTransportInboxFullTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int PAGE_LIMIT = 200;

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
    void sendToAFullInboxFailsAsNotRetryableInboxFullAndOtherInboxesStillTakeMessages()
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
                                .inboxMaxBytes(64 * 1024)
                                .inboxPageLimitMessages(PAGE_LIMIT)
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

        byte[] body = new byte[1024];
        TransportException refused = null;
        int accepted = 0;
        // 64 KiB in memory is about 60 such messages, then PAGE_LIMIT on disk; the limit is applied
        // by the
        // page cursor a little late, so allow generous slack but far fewer than "unbounded".
        for (int i = 0; i < 20 * PAGE_LIMIT && refused == null; i++) {
            try {
                alice.send("bob", Ids.newId(), body);
                accepted++;
            } catch (TransportException e) {
                refused = e;
            }
        }
        System.out.println(
                "Inbox full after " + accepted + " accepted sends (page limit " + PAGE_LIMIT + ")");
        assertThat(refused).as("a send refused after " + accepted + " accepted").isNotNull();
        assertThat(accepted).isGreaterThanOrEqualTo(PAGE_LIMIT);
        assertThat(refused.retryable()).isFalse();
        assertThat(refused.getCause())
                .isInstanceOf(InboxFullException.class)
                .hasMessageContaining("bob's inbox is full");
        assertThat(((InboxFullException) refused.getCause()).recipient()).isEqualTo("bob");

        alice.send(
                "carol", Ids.newId(), body); // throws if carol's inbox or the connection suffered
        assertThat(JmsTransport.isAddressFull(new RuntimeException("x"))).isFalse();
    }
}
