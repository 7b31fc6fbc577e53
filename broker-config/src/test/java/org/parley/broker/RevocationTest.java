package org.parley.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.jms.Connection;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.Session;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.crypto.SessionClaims;
import org.parley.crypto.SessionTokens;
import org.parley.testing.MutableClock;

/**
 * A disabled account at the broker: its open connections close, its unexpired tokens stop working.
 */
class RevocationTest {

    @TempDir Path dir;

    @Test
    void revocationClosesTheUsersConnectionsAndRefusesOldTokensAcrossARestart() throws Exception {
        BrokerNode node = TestSupport.startNode("rev-1", dir.resolve("node"));
        try {
            String oldToken =
                    TestSupport.token(
                            "mallory", Instant.now().minusSeconds(20), Duration.ofMinutes(15));
            Connection mallory = TestSupport.connect(node, "mallory", oldToken);
            CountDownLatch dropped = new CountDownLatch(1);
            mallory.setExceptionListener(e -> dropped.countDown());
            Session session = mallory.createSession(false, Session.CLIENT_ACKNOWLEDGE);
            session.createConsumer(session.createQueue("parley.inbox.mallory"));
            Connection bob = TestSupport.connectAs(node, "bob");

            try (BrokerServiceClient service = serviceClient(node)) {
                service.revoke("mallory", Instant.now().minusSeconds(10));
                assertThat(BrokerServiceClient.asLong(service.brokerAttribute("connectionCount")))
                        .isPositive();
            }

            assertThat(dropped.await(10, TimeUnit.SECONDS))
                    .as("mallory's open connection is closed")
                    .isTrue();
            assertThatThrownBy(() -> TestSupport.connect(node, "mallory", oldToken))
                    .isInstanceOf(JMSSecurityException.class);
            // Others keep their connections; a token issued after the revocation works.
            bob.createSession(false, Session.AUTO_ACKNOWLEDGE).close();
            bob.close();
            Connection again = TestSupport.connectAs(node, "mallory");
            try (BrokerServiceClient service = serviceClient(node)) {
                service.revoke("mallory", Instant.now().minusSeconds(10));
            }
            // A re-sent revocation leaves connections made with a later token alone.
            again.createSession(false, Session.AUTO_ACKNOWLEDGE).close();
            again.close();

            assertRefusedAfterRestart(
                    node, "mallory", oldToken, "the revocation survives a restart");
        } finally {
            node.close();
        }
    }

    @Test
    void aLogoutRefusesThatSessionsTokensAndClosesOnlyItsConnectionsAcrossARestart()
            throws Exception {
        BrokerNode node = TestSupport.startNode("rev-3", dir.resolve("node"));
        try {
            Instant now = Instant.now();
            SessionClaims login =
                    SessionClaims.session("dave", now.minusSeconds(30), Duration.ofMinutes(15));
            String first = SessionTokens.issue(TestSupport.AUTH_KEY.privateKey(), login);
            // A refresh keeps the token id: the same session.
            String refreshed =
                    SessionTokens.issue(
                            TestSupport.AUTH_KEY.privateKey(),
                            SessionClaims.refreshed(
                                    login, now.minusSeconds(5), Duration.ofMinutes(15)));
            String otherSession = TestSupport.token("dave");
            Connection loggedOut = TestSupport.connect(node, "dave", refreshed);
            CountDownLatch dropped = new CountDownLatch(1);
            loggedOut.setExceptionListener(e -> dropped.countDown());
            Connection other = TestSupport.connect(node, "dave", otherSession);
            CountDownLatch otherDropped = new CountDownLatch(1);
            other.setExceptionListener(e -> otherDropped.countDown());

            try (BrokerServiceClient service = serviceClient(node)) {
                service.revokeToken("dave", login.jti(), now.plus(Duration.ofMinutes(16)));
            }

            assertThat(dropped.await(10, TimeUnit.SECONDS))
                    .as("the session's open connection is closed")
                    .isTrue();
            for (String token : new String[] {first, refreshed}) {
                assertThatThrownBy(() -> TestSupport.connect(node, "dave", token))
                        .isInstanceOf(JMSSecurityException.class);
            }
            other.createSession(false, Session.AUTO_ACKNOWLEDGE).close();
            assertThat(otherDropped.getCount())
                    .as("another session of the same user stays")
                    .isEqualTo(1);
            other.close();

            assertRefusedAfterRestart(node, "dave", refreshed, "the logout survives a restart");
            TestSupport.connect(node, "dave", otherSession).close();
        } finally {
            node.close();
        }
    }

    @Test
    void onlyTheServiceUserMayRevoke() throws Exception {
        BrokerNode node = TestSupport.startNode("rev-2", dir.resolve("node"));
        try (Connection eve = TestSupport.connectAs(node, "eve")) {
            Session session = eve.createSession(false, Session.AUTO_ACKNOWLEDGE);
            var producer =
                    session.createProducer(
                            session.createTopic(TokenSecurityManager.REVOCATIONS_ADDRESS));
            var message = session.createMessage();
            message.setStringProperty("user", "bob");
            message.setLongProperty("notBefore", System.currentTimeMillis());
            assertThatThrownBy(() -> producer.send(message))
                    .isInstanceOf(JMSSecurityException.class);
            assertThat(TestSupport.connectAs(node, "bob")).isNotNull();
        } finally {
            node.close();
        }
    }

    @Test
    void revocationListKeepsTheLatestInstantAndForgetsOldEntries(@TempDir Path data) {
        var clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));
        RevocationList list = RevocationList.load(data, clock);
        Instant at = clock.instant();
        assertThat(list.revoke("alice", at)).isTrue();
        assertThat(list.revoke("alice", at.minusSeconds(60))).as("never moves backwards").isFalse();
        assertThat(list.isRevoked("alice", at.getEpochSecond()))
                .as("same second counts as revoked")
                .isTrue();
        assertThat(list.isRevoked("alice", at.getEpochSecond() + 1)).isFalse();
        assertThat(list.isRevoked("bob", 0)).isFalse();
        assertThat(RevocationList.load(data, clock).notBefore("alice")).contains(at);
        clock.advance(RevocationList.RETENTION.plusMinutes(1));
        assertThat(RevocationList.load(data, clock).size()).isZero();
    }

    private static BrokerServiceClient serviceClient(BrokerNode node) throws Exception {
        return BrokerServiceClient.connect(
                node.url(), TestSupport.SERVICE_PASSWORD, Duration.ofSeconds(5));
    }

    /** Restarts {@code node} and checks that it still refuses {@code token} of {@code user}. */
    private static void assertRefusedAfterRestart(
            BrokerNode node, String user, String token, String description) throws Exception {
        node.stop();
        node.start();
        assertThatThrownBy(() -> TestSupport.connect(node, user, token))
                .as(description)
                .isInstanceOf(JMSSecurityException.class);
    }
}
