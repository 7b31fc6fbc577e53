package org.parley.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.parley.broker.SingleNodeBrokerTest.body;
import static org.parley.broker.SingleNodeBrokerTest.newId;
import static org.parley.broker.SingleNodeBrokerTest.send;

import jakarta.jms.Connection;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.testing.MutableClock;

/** Token expiry against a node whose clock the test moves and whose security caches never hold. */
class TokenExpiryTest {

    @TempDir Path dataDir;

    @Test
    void connectionKeepsWorkingAfterItsTokenExpiresWhileNewConnectionsNeedAFreshToken()
            throws Exception {
        MutableClock clock = new MutableClock(Instant.now());
        BrokerNodeConfig config =
                TestSupport.config("expiry", dataDir, TestSupport.freePort(), List.of())
                        // Artemis re-authenticates on every check: the established-connection path
                        // is always taken.
                        .securityInvalidationInterval(Duration.ofMillis(1))
                        .build();
        try (BrokerNode node = new BrokerNode(config, clock)) {
            node.start();
            String aliceToken = TestSupport.token("alice", clock.instant(), Duration.ofMinutes(15));
            String bobToken = TestSupport.token("bob", clock.instant(), Duration.ofMinutes(15));
            try (Connection alice = TestSupport.connect(node, "alice", aliceToken);
                    Connection bob = TestSupport.connect(node, "bob", bobToken)) {
                Session bobSession = bob.createSession(Session.AUTO_ACKNOWLEDGE);
                MessageConsumer inbox =
                        bobSession.createConsumer(bobSession.createQueue("parley.inbox.bob"));

                clock.advance(Duration.ofHours(1));

                send(alice, "parley.inbox.bob", "after expiry", newId());
                send(alice, "parley.inbox.zoe", "to a new inbox after expiry", newId());
                Message m = inbox.receive(10_000);
                assertThat(m).isNotNull();
                assertThat(body(m)).isEqualTo("after expiry");
                assertThat(m.getStringProperty("_AMQ_VALIDATED_USER")).isEqualTo("alice");

                assertThatThrownBy(() -> TestSupport.connect(node, "alice", aliceToken).close())
                        .isInstanceOf(JMSSecurityException.class);
                try (Connection fresh =
                        TestSupport.connect(
                                node,
                                "alice",
                                TestSupport.token(
                                        "alice", clock.instant(), Duration.ofMinutes(15)))) {
                    send(fresh, "parley.inbox.bob", "fresh token", newId());
                }
                assertThat(body(inbox.receive(10_000))).isEqualTo("fresh token");
            }
        }
    }
}
