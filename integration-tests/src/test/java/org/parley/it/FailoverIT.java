package org.parley.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.activemq.artemis.api.core.Interceptor;
import org.apache.activemq.artemis.core.protocol.core.impl.wireformat.SessionSendMessage;
import org.apache.activemq.artemis.core.server.cluster.impl.BridgeImpl;
import org.apache.activemq.artemis.spi.core.protocol.RemotingConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.parley.client.ConnectionState;
import org.parley.client.MessageState;
import org.parley.client.OutgoingMessage;
import org.parley.client.StoredMessage;
import org.parley.model.Addresses;
import org.parley.testing.Wait;
import org.parley.testing.stack.LocalStack;
import org.parley.testing.stack.TestAccount;
import org.parley.testing.stack.TestClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bob's broker node goes down while alice keeps sending: bob's client-core session fails over to
 * the other node by itself, and nothing acknowledged to alice is lost or shown twice.
 *
 * <p>Exactly once, in every test here: the set of ids acknowledged to alice (her sendText futures
 * completed) is compared with the ids bob's listener reported over the whole test and with his
 * history: same size, same set, no id twice; and the cluster is drained (nothing for bob left in
 * any queue) before the comparison. Messages left on node A when it stopped (delivered to bob there
 * but not yet acknowledged) come back when A restarts and are redistributed to bob on B; those bob
 * had already stored are dropped as seen, which is what the duplicate check proves. Order is not
 * asserted across the outage for that reason.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class FailoverIT {
    private static final Logger log = LoggerFactory.getLogger(FailoverIT.class);

    /** Sent and received before the outage, to see the cluster path work at all. */
    private static final int WARM_UP = 20;

    /** Acknowledged to alice during the outage, after bob failed over. */
    private static final int DURING_OUTAGE = 60;

    private enum Outage {
        /** A stops between two of alice's sends: nothing is on its way from B to A. */
        CLEAN_STOP,
        /** A hangs, then stops, with some of alice's messages in the middle of B's bridge to A. */
        HANG_WITH_MESSAGES_ON_THE_BRIDGE,
        /** The same, and A is started again at once. */
        HANG_AND_QUICK_RESTART
    }

    @TempDir static Path tmp;

    /** One stack for the scenarios (each leaves it formed and drained), with new accounts each. */
    @RegisterExtension static final LocalStack stack = LocalStack.perClass();

    /**
     * Node A (bob's) is stopped while alice, on node B, is sending (between two of her sends, and
     * she resumes as soon as B no longer routes bob's mail to A); bob's client fails over to B and
     * gets there, while A is still down, everything alice sends; A is restarted at the end.
     */
    @Test
    void bobFailsOverToTheOtherNodeAndGetsEverythingAliceSentDuringTheOutageExactlyOnce()
            throws Exception {
        scenario(Outage.CLEAN_STOP);
    }

    /**
     * Messages acknowledged to alice that are on their way from B to A when A dies (A hangs with
     * them unconfirmed on B's bridge, then stops) reach bob once A is back. This was a product bug
     * (decision 0009): Artemis removed bob's empty auto-delete inbox on A at A's start, and B's
     * bridge then delivered the messages to a binding id that no longer existed (AMQ222196: lost).
     * Inboxes now outlive a restart (InboxReaper), and B gives up unconfirmed sends after 2 s
     * instead of 60 s (ClusterRepair), which the test no longer has to set itself.
     */
    @Test
    void messagesOnTheirWayToTheFailedNodeReachBobOnceItIsBack() throws Exception {
        scenario(Outage.HANG_WITH_MESSAGES_ON_THE_BRIDGE);
    }

    /**
     * The same, but node A comes back at once after stopping. This was a second product bug
     * (decision 0009): B's old bridge to A waited out its 60 s pending-ack timeout while the
     * cluster connection gave up waiting for it after 10 s, and a node back within that window was
     * never bridged again by B (the cluster did not re-form; messages in B's store-and-forward
     * queue were stuck). Fixed by ClusterRepair (2 s pending-ack timeout for cluster bridges, and a
     * bridge re-created for a topology member left without one).
     */
    @Test
    void aNodeThatComesBackAtOnceRejoinsTheClusterAndNothingIsLost() throws Exception {
        scenario(Outage.HANG_AND_QUICK_RESTART);
    }

    private void scenario(Outage outage) throws Exception {
        String n = Integer.toString(outage.ordinal() + 1);
        TestAccount alice = TestAccount.create(stack.authUri(), "alice" + n);
        TestAccount bob = TestAccount.create(stack.authUri(), "bob" + n);
        try (TestClient bobsClient =
                TestClient.login(tmp.resolve("bob-machine-" + n), stack.authUri(), bob)) {
            int nodeA = stack.nodeOf(bobsClient.broker());
            int nodeB = LocalStack.other(nodeA);
            // Alice on the other node (B), so she keeps working while A is down. Placed directly:
            // waiting for the auth server to rank B first depended on connection counts that
            // connections left from an earlier scenario could tie.
            try (TestClient alicesClient =
                    TestClient.loginPreferring(
                            tmp.resolve("alice-machine-" + n),
                            stack.authUri(),
                            alice,
                            stack.url(nodeB))) {
                assertThat(alicesClient.broker()).as("alice's node").isEqualTo(stack.url(nodeB));
                run(stack, nodeA, nodeB, alicesClient, bobsClient, outage);
            }
        }
    }

    private void run(
            LocalStack stack, int nodeA, int nodeB, TestClient alice, TestClient bob, Outage outage)
            throws Exception {
        String bobsName = bob.session.username();
        String alicesName = alice.session.username();
        List<String> acknowledged = new CopyOnWriteArrayList<>();
        for (int i = 0; i < WARM_UP; i++) {
            acknowledged.add(
                    sent(TestClient.await(alice.session.sendText(bobsName, "before " + i))));
        }
        Wait.until(
                "bob to receive the first " + WARM_UP,
                () -> bob.events.incoming().size() >= WARM_UP);
        String idOfA = stack.nodeId(nodeA);
        Object bridgeFromBToA = stack.bridgeRecord(nodeB, idOfA);
        assertThat(bridgeFromBToA).as("node B's bridge to A").isNotNull();

        // Alice sends one message after the other, each awaited; holding the gate pauses her
        // between two sends.
        Semaphore gate = new Semaphore(1);
        AtomicBoolean sending = new AtomicBoolean(true);
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        ExecutorService sender =
                Executors.newSingleThreadExecutor(r -> new Thread(r, "alice-sender"));
        CompletableFuture<Void> senderDone =
                CompletableFuture.runAsync(
                        () -> {
                            for (int i = 0; sending.get(); i++) {
                                try {
                                    gate.acquire();
                                    try {
                                        acknowledged.add(
                                                sent(
                                                        TestClient.await(
                                                                alice.session.sendText(
                                                                        bobsName, "during " + i))));
                                    } finally {
                                        gate.release();
                                    }
                                } catch (Throwable t) {
                                    failures.add(t);
                                    return;
                                }
                            }
                        },
                        sender);
        boolean paused = false;
        try {
            Wait.until("alice to be sending", () -> acknowledged.size() >= WARM_UP + 20);
            if (outage == Outage.CLEAN_STOP) {
                gate.acquire();
                paused = true;
                Wait.until(
                        "nothing on its way from B to A",
                        () -> stack.inTransitTo(nodeB, idOfA) == 0);
            } else {
                // A hangs before it dies: from the first message for bob that B's bridge sends it,
                // A ignores everything on that connection (so nothing after it is confirmed
                // either).
                // Only this BrokerNode instance: the restarted one is clean.
                AtomicReference<RemotingConnection> hung = new AtomicReference<>();
                stack.node(nodeA)
                        .server()
                        .getRemotingService()
                        .addIncomingInterceptor(
                                (Interceptor)
                                        (packet, c) -> {
                                            if (packet instanceof SessionSendMessage send
                                                    && Addresses.inbox(bobsName)
                                                            .equals(
                                                                    String.valueOf(
                                                                            send.getMessage()
                                                                                    .getAddress()))) {
                                                hung.compareAndSet(null, c);
                                            }
                                            return hung.get() != c;
                                        });
                Wait.until(
                        "some of alice's messages to be stuck on B's bridge to A",
                        () -> hung.get() != null && stack.inTransitTo(nodeB, idOfA) > 0);
            }
            long onTheBridge = stack.inTransitTo(nodeB, idOfA);
            stack.stack.stopBroker(nodeA);
            log.info(
                    "{}: node {} stopped with {} acknowledged to alice, {} received by bob, {} on B's bridge to A",
                    outage,
                    nodeA,
                    acknowledged.size(),
                    bob.events.incoming().size(),
                    onTheBridge);
            if (outage == Outage.HANG_AND_QUICK_RESTART) {
                stack.stack.restartBroker(nodeA);
            } else {
                // From here on B routes bob's mail to him alone, whichever node he is on.
                Wait.until(
                        "node B to stop routing bob's mail to A",
                        () -> !stack.routesRemotely(nodeB, bobsName));
            }
            if (paused) {
                paused = false;
                gate.release();
            }

            Wait.until(
                    "bob's session to fail over to node " + nodeB,
                    () ->
                            bob.session.connectionState() == ConnectionState.CONNECTED
                                    && stack.url(nodeB).equals(bob.broker()));
            assertThat(bob.events.connection).contains(ConnectionState.RECONNECTING);
            int acked = acknowledged.size();
            Wait.until(
                    DURING_OUTAGE + " more messages acknowledged to alice",
                    () -> acknowledged.size() >= acked + DURING_OUTAGE || !failures.isEmpty());
            List<String> soFar = List.copyOf(acknowledged);
            List<String> sentDuringOutage = soFar.subList(acked, soFar.size());
            Wait.until(
                    "bob to receive on B what alice sent during the outage",
                    () -> new HashSet<>(bob.events.incomingIds()).containsAll(sentDuringOutage));
        } finally {
            if (paused) {
                gate.release();
            }
            sending.set(false);
            senderDone.get(Wait.LONG.toSeconds(), TimeUnit.SECONDS);
            sender.shutdown();
        }
        assertThat(failures).as("alice's sends").isEmpty();
        log.info(
                "{} acknowledged to alice, {} received by bob while node {} was down",
                acknowledged.size(),
                bob.events.incoming().size(),
                nodeA);

        if (outage != Outage.HANG_AND_QUICK_RESTART) {
            // A must not come back before B has given its old bridge up (see the disabled test
            // above).
            BridgeImpl oldBridge = LocalStack.bridgeOf(bridgeFromBToA);
            Wait.until(
                    "node B to stop its bridge to the stopped node",
                    () -> oldBridge.getState() == BridgeImpl.State.STOPPED);
            oldBridge.flushExecutor(); // and to finish closing it
            Wait.until(
                    "node B to forget the stopped node",
                    () -> stack.bridgeRecord(nodeB, idOfA) == null && !stack.knows(nodeB, idOfA));
            stack.stack.restartBroker(nodeA);
        }
        stack.awaitClusterFormed();
        Set<String> expected = Set.copyOf(acknowledged);
        assertThat(expected).as("alice's ids are unique").hasSameSizeAs(acknowledged);
        stack.awaitEverythingAcknowledgedReceived(bob, acknowledged);

        List<String> heard = bob.events.incomingIds();
        assertThat(heard).as("no message reported twice").doesNotHaveDuplicates();
        assertThat(heard).containsExactlyInAnyOrderElementsOf(expected);
        List<StoredMessage> history = bob.session.history(alicesName);
        assertThat(history)
                .extracting(StoredMessage::id)
                .doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(expected);
        assertThat(history)
                .allSatisfy(
                        m -> {
                            assertThat(m.state()).isEqualTo(MessageState.RECEIVED);
                            assertThat(m.from()).isEqualTo(alicesName);
                        });
        assertThat(bob.events.rejections).isEmpty();
        assertThat(stack.deadLetters()).isZero();
        // The ones sent before the outage arrived in alice's order.
        assertThat(heard.subList(0, WARM_UP))
                .containsExactlyElementsOf(acknowledged.subList(0, WARM_UP));
        log.info(
                "{}: {} sent and acknowledged to {}, {} delivered to {}, {} duplicates, {} lost",
                outage,
                acknowledged.size(),
                alicesName,
                history.size(),
                bobsName,
                heard.size() - Set.copyOf(heard).size(),
                expected.size() - history.size());
    }

    private static String sent(OutgoingMessage m) {
        // Acknowledged by a broker (DELIVERED if bob's receipt already came back).
        assertThat(m.state()).isIn(MessageState.SENT, MessageState.DELIVERED);
        return m.id();
    }
}
