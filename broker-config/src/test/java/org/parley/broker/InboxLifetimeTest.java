package org.parley.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.parley.broker.TestSupport.connectAs;
import static org.parley.broker.TestSupport.inboxConsumer;
import static org.parley.broker.TestSupport.messageCount;

import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.testing.Wait;

/**
 * Inbox queues outlive a node restart (a peer may still hold messages routed to them by binding id)
 * and go only after being idle for the configured delay (decision 0009).
 */
class InboxLifetimeTest {
    private static final Duration IDLE = Duration.ofSeconds(3);

    @TempDir Path dataDir;

    @Test
    void anEmptyInboxSurvivesARestartAndGoesOnlyAfterItHasBeenIdleForTheDelay() throws Exception {
        BrokerNode node =
                new BrokerNode(
                        TestSupport.config("lifetime", dataDir, TestSupport.freePort(), List.of())
                                .inboxAutoDeleteDelay(IDLE)
                                .build(),
                        TestSupport.CLOCK);
        node.start();
        try {
            try (Connection alice = connectAs(node, "alice")) {
                SingleNodeBrokerTest.send(
                        alice, "parley.inbox.bob", "read at once", SingleNodeBrokerTest.newId());
                SingleNodeBrokerTest.send(
                        alice, "parley.inbox.carol", "left waiting", SingleNodeBrokerTest.newId());
            }
            try (Connection bob = connectAs(node, "bob")) {
                MessageConsumer consumer = inboxConsumer(bob, "bob", Session.CLIENT_ACKNOWLEDGE);
                Message m = consumer.receive(10_000);
                assertThat(m).isNotNull();
                m.acknowledge();
            }
            var bobsQueue = node.server().locateQueue(SimpleString.of("parley.inbox.bob"));
            assertThat(bobsQueue.isAutoDelete())
                    .as("not Artemis' auto-delete, which ignores the delay at start")
                    .isFalse();
            long bobsQueueId = bobsQueue.getID();

            node.stop();
            node.start();
            var afterRestart = node.server().locateQueue(SimpleString.of("parley.inbox.bob"));
            assertThat(afterRestart).as("bob's empty inbox right after the restart").isNotNull();
            assertThat(afterRestart.getID())
                    .as("the same binding a peer may still route to")
                    .isEqualTo(bobsQueueId);

            long restarted = System.nanoTime();
            Wait.until(
                    IDLE.multipliedBy(4),
                    "bob's idle inbox to go",
                    () -> node.server().locateQueue(SimpleString.of("parley.inbox.bob")) == null);
            assertThat(Duration.ofNanos(System.nanoTime() - restarted))
                    .as("kept for the idle delay after the start")
                    .isGreaterThanOrEqualTo(IDLE);
            assertThat(messageCount(node, "parley.inbox.carol"))
                    .as("an inbox holding a message is never removed")
                    .isEqualTo(1);
        } finally {
            node.close();
        }
    }
}
