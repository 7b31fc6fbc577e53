package org.parley.it.hostile;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import jakarta.jms.BytesMessage;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.activemq.artemis.api.core.ActiveMQSecurityException;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.api.core.client.ClientConsumer;
import org.apache.activemq.artemis.api.core.client.ClientMessage;
import org.apache.activemq.artemis.core.postoffice.DuplicateIDCache;
import org.apache.activemq.artemis.core.server.Queue;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.parley.auth.stack.StackConfig;
import org.parley.model.EnvelopeHeader;
import org.parley.model.Ids;
import org.parley.model.PublicKeys;
import org.parley.testing.Wait;
import org.parley.testing.stack.Account;
import org.parley.testing.stack.LocalStack;
import org.parley.testing.stack.RawCore;
import org.parley.testing.stack.RawJms;
import org.parley.testing.stack.SealedGroupText;
import org.parley.testing.stack.TestAccount;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issue 22, attacks 1 and 2 and {@code _AMQ_ROUTE_TO}: the broker's trust boundary for client-set
 * internal properties (decision 0011), attacked on a real two-node stack by ordinary accounts with
 * a raw Artemis client and a token from a real login.
 *
 * <ul>
 *   <li>Bridge-id poisoning: mallory, on node B, sends bob's inbox messages carrying the cluster
 *       bridge's duplicate ids node A will use next ({@code _AMQ_BRIDGE_DUP}: A's node id from the
 *       topology, message ids after one she read on A) and an {@code _AMQ_ROUTE_TO} naming no
 *       binding. Every such send is refused, B's bridge cache and bob's inbox are unchanged, and
 *       every message alice then sends bob on A reaches him on B exactly once, also after a full
 *       restart.
 *   <li>Pre-emption: a member who has her copy re-sends its {@code _AMQ_DUPL_ID} to the members
 *       after her (and an id she learnt, to a 1:1 inbox) before the real copy arrives; every member
 *       still gets the real copy exactly once, and alice's own retry is still dropped.
 *   <li>{@code _AMQ_ROUTE_TO} and the other internal properties are refused and change nothing.
 * </ul>
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BrokerTrustBoundaryIT {
    private static final Logger log = LoggerFactory.getLogger(BrokerTrustBoundaryIT.class);

    /** Bridge ids mallory poisons: node A's next message ids, enough to cover a restart's jump. */
    static final int POISONED_IDS = 3000;

    static final int REAL_MESSAGES = 20;
    static final int REAL_MESSAGES_AFTER_RESTART = 4;
    static final int A = 0;
    static final int B = 1;

    @RegisterExtension static final LocalStack stack = LocalStack.perClass();
    @Account static TestAccount alice;
    @Account static TestAccount bob;
    @Account static TestAccount carol;
    @Account static TestAccount mallory;
    // Accounts that only ever receive mallory's probes: a broker makes inboxes only for accounts
    // (decision 0013).
    @Account static TestAccount erin;
    @Account static TestAccount frank;

    @Test
    @Order(1)
    void aClientsRouteToIsRefusedAndChangesNothing() throws Exception {
        try (RawCore mallorys =
                RawCore.connect(stack.url(A), "mallory", mallory.token(stack.authUri()))) {
            mallorys.send("parley.inbox.erin", "hello erin".getBytes(UTF_8), m -> {});
            Queue erinsInbox =
                    stack.node(A).server().locateQueue(SimpleString.of("parley.inbox.erin"));
            long depth =
                    Wait.until(
                            Wait.LONG,
                            "mallory's plain message in erin's inbox",
                            erinsInbox::getMessageCount,
                            n -> n == 1);
            // A binding that does not exist (the message would vanish after an acknowledged send)
            // and erin's own inbox binding (routing chosen by the client), with and without suffix.
            List<Long> bindings = List.of(Long.MAX_VALUE, erinsInbox.getID());
            List<String> honoured = new ArrayList<>();
            for (String name : List.of("_AMQ_ROUTE_TO", "_AMQ_ROUTE_TOsf.parley-cluster.x")) {
                for (long binding : bindings) {
                    Throwable t =
                            catchThrowable(
                                    () ->
                                            mallorys.send(
                                                    "parley.inbox.erin",
                                                    "routed".getBytes(UTF_8),
                                                    m ->
                                                            m.putBytesProperty(
                                                                    SimpleString.of(name),
                                                                    longs(binding))));
                    if (!(t instanceof ActiveMQSecurityException)) {
                        honoured.add(name + "=" + binding + " -> " + t);
                    }
                }
            }
            assertThat(honoured)
                    .as("sends with a client-set route the broker did not refuse")
                    .isEmpty();
            assertThat(erinsInbox.getMessageCount()).isEqualTo(depth);
        }
    }

    @Test
    @Order(2)
    void everyOtherInternalPropertyIsRefusedAndChangesNothing() throws Exception {
        Map<String, Consumer<ClientMessage>> attempts = new LinkedHashMap<>();
        long inAnHour = System.currentTimeMillis() + 3_600_000;
        attempts.put(
                "_AMQ_SCHED_DELIVERY",
                m -> m.putLongProperty(SimpleString.of("_AMQ_SCHED_DELIVERY"), inAnHour));
        attempts.put(
                "_AMQ_GROUP_ID",
                m -> m.putStringProperty(SimpleString.of("_AMQ_GROUP_ID"), "pin-to-me"));
        attempts.put(
                "_AMQ_LVQ_NAME",
                m -> m.putStringProperty(SimpleString.of("_AMQ_LVQ_NAME"), "last"));
        attempts.put(
                "_AMQ_ORIG_MESSAGE_ID",
                m -> m.putLongProperty(SimpleString.of("_AMQ_ORIG_MESSAGE_ID"), 1));
        attempts.put(
                "_AMQ_ACTUAL_EXPIRY",
                m -> m.putLongProperty(SimpleString.of("_AMQ_ACTUAL_EXPIRY"), 1));
        attempts.put(
                "_AMQ_ORIG_ADDRESS",
                m -> m.putStringProperty(SimpleString.of("_AMQ_ORIG_ADDRESS"), "parley.inbox.bob"));
        attempts.put(
                "_AMQ_SCALEDOWN_TO",
                m -> m.putBytesProperty(SimpleString.of("_AMQ_SCALEDOWN_TO"), longs(1)));
        attempts.put(
                "_AMQ_ACK_ROUTE_TO",
                m -> m.putBytesProperty(SimpleString.of("_AMQ_ACK_ROUTE_TO"), longs(1)));
        attempts.put(
                "_AMQ_INGRESS_TIMESTAMP",
                m -> m.putLongProperty(SimpleString.of("_AMQ_INGRESS_TIMESTAMP"), 1));
        attempts.put(
                "__AMQ_ANYTHING", m -> m.putStringProperty(SimpleString.of("__AMQ_ANYTHING"), "x"));
        String id = Ids.newId();
        try (RawCore mallorys =
                RawCore.connect(stack.url(A), "mallory", mallory.token(stack.authUri()))) {
            mallorys.send("parley.inbox.frank", "hello frank".getBytes(UTF_8), m -> {});
            long depth =
                    Wait.until(
                            Wait.LONG,
                            "mallory's plain message in frank's inbox",
                            () -> stack.inboxCount(A, "frank"),
                            n -> n == 1);
            List<String> accepted = new ArrayList<>();
            for (var attempt : attempts.entrySet()) {
                Throwable t =
                        catchThrowable(
                                () ->
                                        mallorys.send(
                                                "parley.inbox.frank",
                                                attempt.getKey().getBytes(UTF_8),
                                                m -> {
                                                    m.putStringProperty(
                                                            SimpleString.of(RawJms.DUPLICATE_ID),
                                                            id);
                                                    attempt.getValue().accept(m);
                                                }));
                if (!(t instanceof ActiveMQSecurityException)) {
                    accepted.add(attempt.getKey() + " -> " + t);
                }
            }
            assertThat(accepted)
                    .as("internal properties the broker accepted from a client")
                    .isEmpty();
            assertThat(stack.inboxCount(A, "frank")).isEqualTo(depth);
            // Nothing of a refused send entered the duplicate cache: the same id still goes through
            // once.
            DuplicateIDCache frankCache = cache(A, "parley.inbox.frank");
            assertThat(frankCache.contains(SimpleString.of(id).getData())).isFalse();
            mallorys.send(
                    "parley.inbox.frank",
                    "plain".getBytes(UTF_8),
                    m -> m.putStringProperty(SimpleString.of(RawJms.DUPLICATE_ID), id));
            Wait.until(
                    Wait.LONG,
                    "the plain message with the same id in frank's inbox",
                    () -> stack.inboxCount(A, "frank") == depth + 1);
        }
    }

    /**
     * Mallory is a member of alice's group with bob and carol, first in alice's send order, and
     * knows the id of alice's next 1:1 message to bob. Before each real copy reaches its inbox she
     * sends that inbox something else with the real copy's {@code _AMQ_DUPL_ID}: for a 1:1 text, a
     * group text and a group file (streamed as a large message). Each member gets alice's copy
     * exactly once, byte-identical; alice's retry of each is still dropped as a duplicate.
     */
    @Test
    @Order(3)
    void aMemberCannotSuppressAnotherMembersCopy() throws Exception {
        Map<String, PublicKeys> members = new LinkedHashMap<>();
        members.put("mallory", mallory.publicKeys());
        members.put("bob", bob.publicKeys());
        members.put("carol", carol.publicKeys());
        String groupId = Ids.newId();
        EnvelopeHeader direct =
                EnvelopeHeader.direct("alice", "bob", System.currentTimeMillis(), "text");
        byte[] directBody =
                alice.crypto()
                        .sealDirect(
                                direct, "{\"text\":\"hi bob\"}".getBytes(UTF_8), bob.publicKeys())
                        .toBytes();
        SealedGroupText sealedGroupText =
                SealedGroupText.seal(alice, groupId, "hi all", 0, members);
        EnvelopeHeader groupText = sealedGroupText.header();
        byte[] groupTextBody = sealedGroupText.envelope();
        String fileId = Ids.newId();
        byte[] fileBody =
                new byte[400 * 1024]; // above the core client's 100 KiB: streamed as a large
        // message
        new Random(22).nextBytes(fileBody);

        try (Inbox bobs = Inbox.open(stack.url(A), "bob", bob.token(stack.authUri()));
                Inbox carols = Inbox.open(stack.url(A), "carol", carol.token(stack.authUri()));
                Inbox mallorys =
                        Inbox.open(stack.url(A), "mallory", mallory.token(stack.authUri()));
                RawJms alices =
                        RawJms.connect(stack.url(A), "alice", alice.token(stack.authUri()));
                RawCore mallorysTool =
                        RawCore.connect(stack.url(A), "mallory", mallory.token(stack.authUri()))) {
            // 1:1: the id is known before alice sends.
            preEmpt(mallorysTool, "bob", direct.id(), false);
            send(alices, "bob", directBody, direct.id(), false);

            // Group text and group file: mallory's copy comes first, she reads its id and
            // pre-empts.
            for (boolean file : List.of(false, true)) {
                String id = file ? fileId : groupText.id();
                byte[] body = file ? fileBody : groupTextBody;
                send(alices, "mallory", body, id, file);
                Received hers =
                        Wait.until(
                                Wait.LONG,
                                "mallory's copy of " + id,
                                () ->
                                        mallorys.from("alice").stream()
                                                .filter(r -> r.dupId().equals(id))
                                                .findFirst()
                                                .orElse(null),
                                r -> r != null);
                preEmpt(mallorysTool, "bob", hers.dupId(), file);
                preEmpt(mallorysTool, "carol", hers.dupId(), file);
                send(alices, "bob", body, id, file);
                send(alices, "carol", body, id, file);
            }
            // Alice's own retries are still duplicates.
            send(alices, "bob", directBody, direct.id(), false);
            send(alices, "bob", groupTextBody, groupText.id(), false);
            send(alices, "carol", fileBody, fileId, true);

            // Every send above was acknowledged, so once both inboxes are drained nothing more can
            // come.
            Wait.until(
                    "bob's and carol's inboxes to be drained (" + stack.whereIsMailFor("bob") + ")",
                    () ->
                            bobs.from("mallory").size() >= 3
                                    && carols.from("mallory").size() >= 2
                                    && stack.drained("bob")
                                    && stack.drained("carol"));
            log.info(
                    "Pre-emption: bob got {} of alice's 3 copies ({} of mallory's), carol {} of 2 ({} of mallory's)",
                    bobs.from("alice").size(),
                    bobs.from("mallory").size(),
                    carols.from("alice").size(),
                    carols.from("mallory").size());
            assertThat(bobs.from("alice"))
                    .extracting(Received::dupId, Received::sha256)
                    .containsExactlyInAnyOrder(
                            org.assertj.core.groups.Tuple.tuple(direct.id(), sha256(directBody)),
                            org.assertj.core.groups.Tuple.tuple(
                                    groupText.id(), sha256(groupTextBody)),
                            org.assertj.core.groups.Tuple.tuple(fileId, sha256(fileBody)));
            assertThat(carols.from("alice"))
                    .extracting(Received::dupId, Received::sha256)
                    .containsExactlyInAnyOrder(
                            org.assertj.core.groups.Tuple.tuple(
                                    groupText.id(), sha256(groupTextBody)),
                            org.assertj.core.groups.Tuple.tuple(fileId, sha256(fileBody)));
            // Mallory's messages are delivered as hers (receivers reject them); they suppressed
            // nothing.
            assertThat(bobs.from("mallory")).hasSize(3);
            assertThat(carols.from("mallory")).hasSize(2);
            assertThat(mallorys.from("alice")).hasSize(2);
        }
    }

    /**
     * Issue 22, attack 1. Bob reads his inbox on node B; alice sends to him on node A, so A's
     * cluster bridge forwards her messages to B with {@code _AMQ_BRIDGE_DUP} = A's node id + the
     * message id on A. Mallory learns A's node id from the topology her client is sent and A's
     * current message id from a message she sends herself on A, then sends bob's inbox on B the
     * next {@value #POISONED_IDS} bridge ids, each with an {@code _AMQ_ROUTE_TO} naming no binding
     * (so her messages vanish after the duplicate check). Each send is refused, B's bridge cache
     * and bob's inbox are as before, and all of alice's acknowledged messages reach bob exactly
     * once; after a full restart of the stack (same data dir) too.
     */
    @Test
    @Order(100) // last: it restarts the stack
    void bridgeDuplicateIdsFromAClientAreRefusedSoNoForwardedMessageIsLostAlsoAfterARestart()
            throws Exception {
        String aNodeId = stack.nodeId(A);
        List<String> acknowledged = new ArrayList<>();
        // Soft: on a broker without the boundary, every phase's outcome is reported, not just the
        // first.
        SoftAssertions softly = new SoftAssertions();
        try (Inbox bobs = Inbox.open(stack.url(B), "bob", bob.token(stack.authUri()))) {
            Wait.until(
                    "node A to route bob's mail to node B", () -> stack.routesRemotely(A, "bob"));
            long nextId;
            try (RawCore mallorysOnA =
                    RawCore.connect(stack.url(A), "mallory", mallory.token(stack.authUri()))) {
                assertThat(mallorysOnA.topologyNodeIds())
                        .as("node ids a client is told")
                        .contains(aNodeId);
                mallorysOnA.send(
                        "parley.inbox.mallory", "what is A's message id?".getBytes(UTF_8), m -> {});
                ClientConsumer own = mallorysOnA.session().createConsumer("parley.inbox.mallory");
                ClientMessage mine = own.receive(Wait.LONG.toMillis());
                assertThat(mine).isNotNull();
                mine.acknowledge();
                own.close();
                nextId = mine.getMessageID() + 1;
            }
            long bobsDepthOnB = stack.inboxCount(B, "bob");
            int refused = 0;
            List<byte[]> poisoned = new ArrayList<>();
            long t0 = System.nanoTime();
            try (RawCore mallorysOnB =
                    RawCore.connect(stack.url(B), "mallory", mallory.token(stack.authUri()))) {
                for (long id = nextId; id < nextId + POISONED_IDS; id++) {
                    byte[] bridgeId = bridgeDuplicateId(aNodeId, id);
                    poisoned.add(bridgeId);
                    Throwable t =
                            catchThrowable(
                                    () ->
                                            mallorysOnB.send(
                                                    "parley.inbox.bob",
                                                    new byte[] {1},
                                                    m -> {
                                                        m.putBytesProperty(
                                                                SimpleString.of("_AMQ_BRIDGE_DUP"),
                                                                bridgeId);
                                                        m.putBytesProperty(
                                                                SimpleString.of("_AMQ_ROUTE_TO"),
                                                                longs(Long.MAX_VALUE));
                                                    }));
                    if (t instanceof ActiveMQSecurityException) {
                        refused++;
                    }
                }
            }
            DuplicateIDCache bridgeCache = cache(B, "BRIDGE.parley.inbox.bob");
            long inCache = poisoned.stream().filter(bridgeCache::contains).count();
            log.info(
                    "Poisoning: {} bridge ids from message id {} sent on B in {} ms, {} refused, {} in B's bridge cache",
                    POISONED_IDS,
                    nextId,
                    (System.nanoTime() - t0) / 1_000_000,
                    refused,
                    inCache);
            softly.assertThat(refused).as("poisoning sends refused").isEqualTo(POISONED_IDS);
            softly.assertThat(inCache).as("poisoned ids in B's bridge cache").isZero();
            softly.assertThat(stack.inboxCount(B, "bob"))
                    .as("bob's inbox on B after the poisoning")
                    .isEqualTo(bobsDepthOnB);

            try (RawJms alices =
                    RawJms.connect(stack.url(A), "alice", alice.token(stack.authUri()))) {
                for (int i = 0; i < REAL_MESSAGES; i++) {
                    String id = Ids.newId();
                    alices.send(
                            "parley.inbox.bob",
                            ("real " + i).getBytes(UTF_8),
                            id); // blocking: acknowledged
                    acknowledged.add(id);
                }
            }
            assertBobGotExactly(softly, bobs, acknowledged, "before the restart");
        }

        // A full restart: the bridge caches are persistent, so poison would still be there.
        int authPort = stack.authUri().getPort();
        stack.restart(
                new StackConfig(
                        stack.dataDir(),
                        StackConfig.DEFAULT_HOST,
                        authPort,
                        LocalStack.NODES,
                        0,
                        StackConfig.DEFAULT_TOKEN_TTL));
        assertThat(stack.nodeId(A)).isEqualTo(aNodeId);
        List<String> afterRestart = new ArrayList<>();
        try (Inbox bobs = Inbox.open(stack.url(B), "bob", bob.token(stack.authUri()))) {
            Wait.until(
                    "node A to route bob's mail to node B again",
                    () -> stack.routesRemotely(A, "bob"));
            try (RawJms alices =
                    RawJms.connect(stack.url(A), "alice", alice.token(stack.authUri()))) {
                for (int i = 0; i < REAL_MESSAGES_AFTER_RESTART; i++) {
                    String id = Ids.newId();
                    alices.send("parley.inbox.bob", ("after restart " + i).getBytes(UTF_8), id);
                    afterRestart.add(id);
                }
            }
            assertBobGotExactly(softly, bobs, afterRestart, "after the restart");
        }
        softly.assertAll();
    }

    /**
     * Once bob's inbox is drained, bob got each of alice's {@code acknowledged} sends exactly once
     * ({@code when}: for the messages).
     */
    private static void assertBobGotExactly(
            SoftAssertions softly, Inbox bobs, List<String> acknowledged, String when) {
        // Acknowledged sends: each message is in an inbox or on its way until bob has it or B
        // drops it.
        Wait.until(
                Wait.LONG,
                "alice's messages to leave A and bob's inbox to be drained " + when,
                () -> stack.drained("bob"));
        log.info(
                "{}: {} of {} acknowledged messages reached bob",
                when,
                bobs.from("alice").size(),
                acknowledged.size());
        softly.assertThat(bobs.from("alice"))
                .extracting(Received::dupId)
                .as("alice's messages bob got " + when)
                .containsExactlyInAnyOrderElementsOf(acknowledged);
    }

    /**
     * What the bridge of the node with {@code nodeId} stamps on the message it forwards with {@code
     * messageId}.
     */
    static byte[] bridgeDuplicateId(String nodeId, long messageId) {
        UUID node = UUID.fromString(nodeId);
        return ByteBuffer.allocate(24)
                .putLong(node.getMostSignificantBits())
                .putLong(node.getLeastSignificantBits())
                .putLong(messageId)
                .array();
    }

    static byte[] longs(long value) {
        return ByteBuffer.allocate(8).putLong(value).array();
    }

    static DuplicateIDCache cache(int node, String address) {
        return stack.node(node)
                .server()
                .getPostOffice()
                .getDuplicateIDCache(SimpleString.of(address));
    }

    /** Mallory's message with a stolen duplicate id, streamed too when the real copy is. */
    static void preEmpt(RawCore mallorys, String member, String dupId, boolean large)
            throws Exception {
        byte[] junk = new byte[large ? 200 * 1024 : 64];
        mallorys.send(
                "parley.inbox." + member,
                junk,
                m -> m.putStringProperty(SimpleString.of(RawJms.DUPLICATE_ID), dupId));
    }

    /**
     * A blocking durable send as client-core makes it: small, or streamed with {@code parley_file}.
     */
    static void send(RawJms jms, String member, byte[] body, String dupId, boolean file)
            throws JMSException {
        if (!file) {
            jms.send("parley.inbox." + member, body, dupId);
            return;
        }
        try (Session s = jms.session();
                MessageProducer p = s.createProducer(s.createQueue("parley.inbox." + member))) {
            BytesMessage m = s.createBytesMessage();
            m.setObjectProperty("JMS_AMQ_InputStream", new ByteArrayInputStream(body));
            m.setStringProperty(RawJms.DUPLICATE_ID, dupId);
            m.setBooleanProperty("parley_file", true);
            p.send(
                    m,
                    DeliveryMode.PERSISTENT,
                    Message.DEFAULT_PRIORITY,
                    Message.DEFAULT_TIME_TO_LIVE);
        }
    }

    static String sha256(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * One message as its receiver saw it: the broker's sender stamp, the duplicate id, the body's
     * digest.
     */
    record Received(String from, String dupId, String sha256) {}

    /** A user's inbox read with the raw JMS client and that user's token, every message kept. */
    static final class Inbox implements AutoCloseable {
        private final RawJms jms;
        private final List<Received> received = new CopyOnWriteArrayList<>();

        private Inbox(RawJms jms) {
            this.jms = jms;
        }

        static Inbox open(String url, String user, String token) throws JMSException {
            RawJms jms = RawJms.connect(url, user, token);
            Inbox inbox = new Inbox(jms);
            try {
                Session session = jms.session();
                MessageConsumer consumer =
                        session.createConsumer(session.createQueue("parley.inbox." + user));
                consumer.setMessageListener(
                        m -> {
                            try {
                                inbox.received.add(
                                        new Received(
                                                m.getStringProperty(RawJms.VALIDATED_USER),
                                                m.getStringProperty(RawJms.DUPLICATE_ID),
                                                sha256(RawJms.body(m))));
                            } catch (JMSException e) {
                                throw new IllegalStateException(e);
                            }
                        });
            } catch (JMSException | RuntimeException e) {
                jms.close();
                throw e;
            }
            return inbox;
        }

        int size() {
            return received.size();
        }

        List<Received> from(String sender) {
            return received.stream().filter(r -> sender.equals(r.from())).toList();
        }

        @Override
        public void close() throws JMSException {
            jms.close();
        }
    }
}
