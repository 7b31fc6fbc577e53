package org.parley.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.parley.client.MessageState;
import org.parley.client.OutgoingMessage;
import org.parley.client.StoredMessage;
import org.parley.testing.Wait;
import org.parley.testing.stack.LocalStack;
import org.parley.testing.stack.TestAccount;
import org.parley.testing.stack.TestClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Node down at login (issue 10): messages for bob wait on node A; A goes down; bob logs in and is
 * connected to node B. He is told that a node is unreachable (messages may be pending there), gets
 * nothing yet, and when A returns he gets every one of them exactly once and is told that every
 * node is reachable again.
 *
 * <p>Exactly once: the ids acknowledged to alice are compared with the ids bob's listener reported
 * and with his history (same set, no id twice), after the cluster is drained.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class NodeDownAtLoginIT {
    private static final Logger log = LoggerFactory.getLogger(NodeDownAtLoginIT.class);
    private static final int WAITING = 50;

    @TempDir Path tmp;

    @Test
    void
            bobLoggingInWhileTheNodeWithHisMessagesIsDownIsToldTheyArePendingAndGetsThemOnceWhenItReturns()
                    throws Exception {
        try (LocalStack stack = LocalStack.start(tmp.resolve("stack"))) {
            TestAccount alice = TestAccount.create(stack.authUri(), "alice");
            TestAccount bob = TestAccount.create(stack.authUri(), "bob");

            // Alice, on whichever node she is given (A), sends while bob is offline: his inbox on A
            // holds the messages (no consumer anywhere, so they stay where they arrived).
            List<String> acknowledged = new ArrayList<>();
            int nodeA;
            try (TestClient alicesClient =
                    TestClient.login(tmp.resolve("alice-machine"), stack.authUri(), alice)) {
                nodeA = stack.nodeOf(alicesClient.broker());
                for (int i = 0; i < WAITING; i++) {
                    acknowledged.add(
                            sent(
                                    TestClient.await(
                                            alicesClient.session.sendText("bob", "waiting " + i))));
                }
            }
            int nodeB = LocalStack.other(nodeA);
            assertThat(stack.inboxCount(nodeA, "bob"))
                    .as("bob's messages waiting on node A")
                    .isEqualTo(WAITING);

            stack.stack.stopBroker(nodeA);
            try (TestClient bobsClient =
                    TestClient.login(tmp.resolve("bob-machine"), stack.authUri(), bob)) {
                assertThat(bobsClient.broker()).as("bob's node").isEqualTo(stack.url(nodeB));
                Wait.until(
                        "bob to be told that node A is unreachable",
                        () ->
                                bobsClient
                                        .session
                                        .unreachableBrokers()
                                        .equals(Set.of(stack.url(nodeA))));
                assertThat(bobsClient.events.unreachableBrokers)
                        .as("what bob's listener heard")
                        .containsExactly(Set.of(stack.url(nodeA)));
                assertThat(bobsClient.events.incoming())
                        .as("nothing can reach bob from A yet")
                        .isEmpty();
                log.info("bob on node {} told that node {} is unreachable", nodeB, nodeA);

                stack.stack.restartBroker(nodeA);
                stack.awaitClusterFormed();
                stack.awaitEverythingAcknowledgedReceived(bobsClient, acknowledged);
                Wait.until(
                        "bob to be told every node is reachable again",
                        () -> bobsClient.session.unreachableBrokers().isEmpty());
                assertThat(bobsClient.events.unreachableBrokers).last().isEqualTo(Set.of());

                List<String> heard = bobsClient.events.incomingIds();
                assertThat(heard)
                        .as("no message reported twice")
                        .doesNotHaveDuplicates()
                        .containsExactlyInAnyOrderElementsOf(acknowledged);
                List<StoredMessage> history = bobsClient.session.history("alice");
                assertThat(history)
                        .extracting(StoredMessage::id)
                        .doesNotHaveDuplicates()
                        .containsExactlyInAnyOrderElementsOf(acknowledged);
                assertThat(history)
                        .allSatisfy(m -> assertThat(m.state()).isEqualTo(MessageState.RECEIVED));
                assertThat(bobsClient.events.rejections).isEmpty();
                assertThat(stack.deadLetters()).isZero();
                log.info(
                        "{} sent and acknowledged to alice, {} delivered to bob, {} duplicates, {} lost",
                        WAITING,
                        history.size(),
                        heard.size() - Set.copyOf(heard).size(),
                        WAITING - Set.copyOf(heard).size());
            }
        }
    }

    private static String sent(OutgoingMessage m) {
        assertThat(m.state())
                .as("acknowledged by a broker")
                .isIn(MessageState.SENT, MessageState.DELIVERED);
        return m.id();
    }
}
