package org.parley.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.parley.auth.stack.StackConfig;
import org.parley.client.ConnectionState;
import org.parley.client.MessageState;
import org.parley.client.OutgoingMessage;
import org.parley.client.StoredMessage;
import org.parley.client.testing.RecordingListener;
import org.parley.model.Addresses;
import org.parley.testing.Wait;
import org.parley.testing.stack.LocalStack;
import org.parley.testing.stack.RawJms;
import org.parley.testing.stack.TestAccount;
import org.parley.testing.stack.TestClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issue 3's headline: a backlog sent to an offline user survives a restart of the whole stack
 * (PostgreSQL, auth server, both broker nodes) and follows him to the node he is assigned.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class StackRestartBacklogIT {
    private static final Logger log = LoggerFactory.getLogger(StackRestartBacklogIT.class);
    private static final int MESSAGES = 200;

    @TempDir Path tmp;

    /**
     * Exactly once, in order: the ids of alice's 200 acknowledged sends, in her send order, must
     * equal the ids bob's listener reported (arrival order) and the ids in his history: same
     * length, same sequence, so no duplicate, no gap, no reordering. The inbox is drained on both
     * nodes before the comparison, so no copy is still on its way; each text is checked against its
     * index, so every message was decrypted and authenticated with alice's key.
     */
    @Test
    void bobReceivesBacklogAfterRestartOnTheOtherNodeExactlyOnceInOrder() throws Exception {
        Path data = tmp.resolve("stack");
        Path alicesMachine = tmp.resolve("alice-machine");
        Path bobsMachine = tmp.resolve("bob-machine");
        TestAccount alice;
        TestAccount bob;
        List<String> acknowledged = new ArrayList<>();
        int nodeA;
        int authPort;

        try (LocalStack first = LocalStack.start(data)) {
            authPort = first.authUri().getPort();
            alice = TestAccount.create(first.authUri(), "alice");
            bob = TestAccount.create(first.authUri(), "bob"); // signed up, never connected: offline
            try (TestClient alicesClient =
                    TestClient.login(alicesMachine, first.authUri(), alice)) {
                nodeA = first.nodeOf(alicesClient.broker());
                for (int i = 0; i < MESSAGES; i++) {
                    OutgoingMessage m =
                            TestClient.await(alicesClient.session.sendText("bob", text(i)));
                    assertThat(m.state())
                            .as("acknowledged by the broker")
                            .isEqualTo(MessageState.SENT);
                    acknowledged.add(m.id());
                }
                assertThat(alicesClient.broker())
                        .as("alice stayed on node A")
                        .isEqualTo(first.url(nodeA));
            }
            // Sent to A: the whole backlog waits in bob's inbox there, none on B.
            assertThat(first.inboxCount(nodeA, "bob")).isEqualTo(MESSAGES);
            assertThat(first.inboxCount(LocalStack.other(nodeA), "bob")).isZero();
        }
        int nodeB = LocalStack.other(nodeA);
        log.info("{} messages on node {}; restarting the stack", MESSAGES, nodeA);

        // Same data dir and auth address (the profiles are kept per server address), fresh broker
        // ports.
        StackConfig again =
                new StackConfig(
                        data,
                        StackConfig.DEFAULT_HOST,
                        authPort,
                        LocalStack.NODES,
                        0,
                        StackConfig.DEFAULT_TOKEN_TTL);
        try (LocalStack second = LocalStack.start(again)) {
            assertThat(second.inboxCount(nodeA, "bob"))
                    .as("backlog kept in A's journal")
                    .isEqualTo(MESSAGES);
            // Alice online on A (consuming her inbox: placement counts users, decision 0013) makes
            // it
            // the busier node, so bob is assigned B.
            try (RawJms alicesConnectionToA =
                    RawJms.connect(second.url(nodeA), "alice", alice.token(second.authUri()))) {
                jakarta.jms.Session aliceSession = alicesConnectionToA.session();
                aliceSession.createConsumer(aliceSession.createQueue(Addresses.inbox("alice")));
                Wait.until(
                        "the auth server to rank node B first",
                        () ->
                                alice.login(second.authUri())
                                        .brokers()
                                        .get(0)
                                        .equals(second.url(nodeB)));
                try (TestClient bobsClient = TestClient.login(bobsMachine, second.authUri(), bob)) {
                    assertThat(bobsClient.broker())
                            .as("bob's session")
                            .isEqualTo(second.url(nodeB));
                    RecordingListener events = bobsClient.events;
                    Wait.until(
                            "bob to receive the backlog and the cluster to be drained",
                            () -> events.incoming().size() >= MESSAGES && second.drained("bob"));

                    assertThat(events.incomingIds()).containsExactlyElementsOf(acknowledged);
                    List<StoredMessage> history = bobsClient.session.history("alice");
                    assertThat(history)
                            .extracting(StoredMessage::id)
                            .containsExactlyElementsOf(acknowledged);
                    for (int i = 0; i < MESSAGES; i++) {
                        StoredMessage m = history.get(i);
                        assertThat(m.text()).isEqualTo(text(i));
                        assertThat(m.from()).isEqualTo("alice");
                        assertThat(m.state()).isEqualTo(MessageState.RECEIVED);
                    }
                    assertThat(events.rejections).isEmpty();
                    assertThat(events.connection).doesNotContain(ConnectionState.RECONNECTING);
                    assertThat(bobsClient.broker())
                            .as("still on B, no failover")
                            .isEqualTo(second.url(nodeB));
                    assertThat(second.deadLetters()).isZero();
                }
            }
        }
    }

    private static String text(int i) {
        return "backlog message " + i + " of " + MESSAGES;
    }
}
