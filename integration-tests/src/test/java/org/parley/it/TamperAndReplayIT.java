package org.parley.it;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.parley.client.MessageState;
import org.parley.client.StoredMessage;
import org.parley.client.testing.RecordingListener;
import org.parley.crypto.primitives.CryptoException;
import org.parley.model.Envelope;
import org.parley.model.Ids;
import org.parley.testing.Wait;
import org.parley.testing.stack.Account;
import org.parley.testing.stack.LocalStack;
import org.parley.testing.stack.RawJms;
import org.parley.testing.stack.TestAccount;
import org.parley.testing.stack.TestClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tampered and replayed envelopes, made from real envelopes that alice's client-core session sealed
 * and sent: bob's inbox is read once with bob's own token (as any JMS tool could) to capture them,
 * then altered copies and replays are put back into his inbox by a plain JMS producer logged in as
 * alice, so the broker stamps them as alice's and only bob's client stands between them and his
 * screen.
 *
 * <p>One stack, one alice session and two captured envelopes for the class; each test uses its own
 * envelope, so they do not depend on each other's order.
 */
@Timeout(value = 5, unit = java.util.concurrent.TimeUnit.MINUTES)
class TamperAndReplayIT {
    private static final Logger log = LoggerFactory.getLogger(TamperAndReplayIT.class);

    @TempDir static Path tmp;

    @RegisterExtension static final LocalStack stack = LocalStack.perClass();
    @Account static TestAccount alice;
    @Account static TestAccount bob;
    static TestClient alicesClient;

    /** Sealed by alice's client: one for the tamper test, one for the replay test. */
    static Captured forTampering;

    static Captured forReplay;

    record Captured(String id, String text, byte[] body) {}

    @BeforeAll
    static void captureRealEnvelopesOfAlice() throws Exception {
        alicesClient = stack.track(stack.login(alice));
        // 16 characters: the ciphertext's base64 then ends in "==" (see
        // aCiphertextWithNonCanonicalBase64IsRejected).
        List<String> texts = List.of("meet me at noon!", "the door code is 4711");
        List<String> ids = new ArrayList<>();
        for (String text : texts) {
            ids.add(TestClient.await(alicesClient.session.sendText("bob", text)).id());
        }
        // Bob has no client running: the envelopes wait in his inbox on alice's node, where a
        // plain consumer with bob's real token takes them out.
        List<Captured> captured = new ArrayList<>();
        try (RawJms bobsTool =
                RawJms.connect(alicesClient.broker(), "bob", bob.token(stack.authUri()))) {
            Session session = bobsTool.session();
            MessageConsumer consumer =
                    session.createConsumer(session.createQueue("parley.inbox.bob"));
            for (int i = 0; i < texts.size(); i++) {
                Message m = consumer.receive(Wait.LONG.toMillis());
                assertThat(m).as("alice's envelope %d in bob's inbox", i).isNotNull();
                assertThat(m.getStringProperty(RawJms.VALIDATED_USER)).isEqualTo("alice");
                assertThat(m.getStringProperty(RawJms.DUPLICATE_ID)).isEqualTo(ids.get(i));
                byte[] body = RawJms.body(m);
                assertThat(Envelope.parse(body).header().id()).isEqualTo(ids.get(i));
                captured.add(new Captured(ids.get(i), texts.get(i), body));
            }
            consumer.close();
        }
        forTampering = captured.get(0);
        forReplay = captured.get(1);
    }

    /**
     * Every bit of a real envelope's JSON, flipped one at a time (each field of the header, the
     * JSON syntax and field names, every base64 character of the ciphertext: some 2,000 copies),
     * plus single bits flipped in the decoded nonce, body and tag of the ciphertext. Bob's client
     * rejects every copy through onRejected and shows none; the untouched envelope then shows once,
     * so the rejections were about the flipped bits.
     */
    @Test
    void aFlippedBitAnywhereInAnEnvelopeIsRejectedAndNeverShown() throws Exception {
        byte[] original = forTampering.body();
        List<byte[]> variants = new ArrayList<>();
        for (int i = 0; i < original.length; i++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] v = original.clone();
                v[i] ^= (byte) (1 << bit);
                // Base64 is decoded strictly, so no flip decodes to the same envelope (see
                // aCiphertextWithNonCanonicalBase64IsRejected): every copy must be rejected.
                assertThat(decodesToSameEnvelope(v, original))
                        .as("flip of bit %d at %d decodes to the same envelope", bit, i)
                        .isFalse();
                variants.add(v);
            }
        }
        Envelope env = Envelope.parse(original);
        for (int index :
                List.of(0, Envelope.NONCE_BYTES, env.ct().length / 2, env.ct().length - 1)) {
            byte[] ct = env.ct().clone();
            ct[index] ^= 0x01;
            variants.add(withCiphertext(original, env.ct(), ct));
        }
        log.info(
                "Injecting {} tampered copies of a {}-byte envelope",
                variants.size(),
                original.length);

        try (TestClient bobsClient = stack.login(bob)) {
            RecordingListener events = bobsClient.events;
            int bobsNode = stack.nodeOf(bobsClient.broker());
            try (RawJms alicesTool =
                    RawJms.connect(stack.url(bobsNode), "alice", alice.token(stack.authUri()))) {
                injectAll(alicesTool, variants);
            }
            // Exactly once rejected: each copy is one broker message, acknowledged only after bob's
            // client handled it (drained), and each handled copy is either one rejection or one
            // message.
            Wait.until(
                    "bob's client to reject " + variants.size() + " tampered envelopes",
                    () -> stack.drained("bob") && events.rejections.size() >= variants.size());
            assertThat(events.rejections).hasSize(variants.size());
            assertThat(events.incoming()).as("tampered envelopes shown").isEmpty();
            assertThat(bobsClient.session.history("alice"))
                    .extracting(StoredMessage::id)
                    .doesNotContain(forTampering.id());
            assertThat(stack.deadLetters()).isZero();

            try (RawJms alicesTool =
                    RawJms.connect(stack.url(bobsNode), "alice", alice.token(stack.authUri()))) {
                alicesTool.send("parley.inbox.bob", original, Ids.newId());
            }
            Wait.until(
                    "the untouched envelope to be shown",
                    () -> stack.drained("bob") && !events.incoming().isEmpty());
            assertThat(events.incoming())
                    .extracting(StoredMessage::id, StoredMessage::text)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple(
                                    forTampering.id(), forTampering.text()));
            assertThat(events.rejections).hasSize(variants.size());
        }
    }

    /**
     * Java's base64 decoder ignores the unused low bits of the last character before the padding,
     * so a ciphertext written with one of them set is a different byte string that would decode to
     * the very same envelope and open. {@code org.parley.model.Json} accepts only the canonical
     * spelling, so such a copy is refused as malformed, like any other flip.
     */
    @Test
    void aCiphertextWithNonCanonicalBase64IsRejected() throws Exception {
        byte[] original = forTampering.body();
        int last = lastCiphertextChar(original);
        byte[] variant = original.clone();
        variant[last] = (byte) BASE64_ALPHABET.charAt(BASE64_ALPHABET.indexOf(original[last]) ^ 1);
        assertThat(decodesToSameEnvelope(variant, original))
                .as("a non-canonical copy parses")
                .isFalse();
        try (TestClient bobsClient =
                TestClient.login(tmp.resolve("bob-machine-2"), stack.authUri(), bob)) {
            try (RawJms alicesTool =
                    RawJms.connect(bobsClient.broker(), "alice", alice.token(stack.authUri()))) {
                alicesTool.send("parley.inbox.bob", variant, Ids.newId());
            }
            Wait.until("bob's client to handle the copy", () -> stack.drained("bob"));
            assertThat(bobsClient.events.incoming()).isEmpty();
            assertThat(bobsClient.events.rejections).hasSize(1);
        }
    }

    /**
     * The same envelope reaches bob's inbox four times: once, again while he is online, and twice
     * more while his client is closed (each time with a new {@code _AMQ_DUPL_ID}, so the broker's
     * duplicate detection lets it through and only the client's persisted seen-ids stand in the
     * way). Exactly once: bob's history holds the id once, his listeners heard of it once over both
     * sessions, every copy was consumed (drained), and alice got one delivery receipt.
     */
    @Test
    void theSameEnvelopeDeliveredTwiceIsShownOnceAlsoAfterAClientRestart() throws Exception {
        Path bobsMachine = tmp.resolve("bob-replay-machine");
        try (TestClient bobsClient = TestClient.login(bobsMachine, stack.authUri(), bob)) {
            RecordingListener events = bobsClient.events;
            int bobsNode = stack.nodeOf(bobsClient.broker());
            try (RawJms alicesTool =
                    RawJms.connect(stack.url(bobsNode), "alice", alice.token(stack.authUri()))) {
                alicesTool.send("parley.inbox.bob", forReplay.body(), Ids.newId());
            }
            Wait.until(
                    "the envelope to be shown",
                    () -> stack.drained("bob") && !events.incoming().isEmpty());

            for (int node = 0; node < LocalStack.NODES; node++) {
                try (RawJms alicesTool =
                        RawJms.connect(stack.url(node), "alice", alice.token(stack.authUri()))) {
                    alicesTool.send("parley.inbox.bob", forReplay.body(), Ids.newId());
                }
            }
            Wait.until("the online replays to be consumed", () -> stack.drained("bob"));
            assertThat(events.incomingIds()).containsExactly(forReplay.id());
            assertThat(idsInHistory(bobsClient)).containsExactly(forReplay.id());
            assertThat(events.rejections).isEmpty();
        }

        // Bob's client is closed; the envelope comes twice more, once on each node.
        for (int node = 0; node < LocalStack.NODES; node++) {
            try (RawJms alicesTool =
                    RawJms.connect(stack.url(node), "alice", alice.token(stack.authUri()))) {
                alicesTool.send("parley.inbox.bob", forReplay.body(), Ids.newId());
            }
        }
        try (TestClient bobsClient = TestClient.login(bobsMachine, stack.authUri(), bob)) {
            Wait.until("the replays after the restart to be consumed", () -> stack.drained("bob"));
            assertThat(bobsClient.events.incoming()).as("shown again after the restart").isEmpty();
            assertThat(bobsClient.events.rejections).isEmpty();
            assertThat(idsInHistory(bobsClient)).containsExactly(forReplay.id());
            assertThat(bobsClient.session.history("alice"))
                    .filteredOn(m -> m.id().equals(forReplay.id()))
                    .singleElement()
                    .extracting(StoredMessage::text)
                    .isEqualTo(forReplay.text());
        }
        assertThat(stack.deadLetters()).isZero();
        // Alice's side: her message was delivered, and reported delivered once.
        Wait.until(
                "alice's message to be marked delivered",
                () ->
                        alicesClient.session.history("bob").stream()
                                .anyMatch(
                                        m ->
                                                m.id().equals(forReplay.id())
                                                        && m.state() == MessageState.DELIVERED));
        assertThat(alicesClient.events.states)
                .filteredOn(s -> s.equals(forReplay.id() + ":" + MessageState.DELIVERED))
                .hasSize(1);
    }

    private static List<String> idsInHistory(TestClient client) {
        return client.session.history("alice").stream()
                .map(StoredMessage::id)
                .filter(forReplay.id()::equals)
                .toList();
    }

    /** Sends every body to bob's inbox as alice, in transactions of 100 (one journal sync each). */
    private static void injectAll(RawJms as, List<byte[]> bodies) throws JMSException {
        try (Session session = as.connection.createSession(true, Session.SESSION_TRANSACTED);
                MessageProducer producer =
                        session.createProducer(session.createQueue("parley.inbox.bob"))) {
            producer.setDeliveryMode(DeliveryMode.PERSISTENT);
            for (int i = 0; i < bodies.size(); i++) {
                producer.send(RawJms.bytes(session, bodies.get(i), Ids.newId()));
                if (i % 100 == 99 || i == bodies.size() - 1) {
                    session.commit();
                }
            }
        }
    }

    private static boolean decodesToSameEnvelope(byte[] variant, byte[] original)
            throws CryptoException {
        try {
            return Envelope.parse(variant).equals(Envelope.parse(original));
        } catch (CryptoException e) {
            return false;
        }
    }

    /** The envelope JSON with its ciphertext replaced (same length, so only those bits differ). */
    private static byte[] withCiphertext(byte[] envelope, byte[] oldCt, byte[] newCt) {
        String json = new String(envelope, UTF_8);
        String oldB64 = Base64.getEncoder().encodeToString(oldCt);
        assertThat(json).containsOnlyOnce(oldB64);
        byte[] changed =
                json.replace(oldB64, Base64.getEncoder().encodeToString(newCt)).getBytes(UTF_8);
        assertThat(changed).hasSameSizeAs(envelope);
        assertThat(Arrays.equals(changed, envelope)).isFalse();
        return changed;
    }

    private static final String BASE64_ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    /** Index of the last base64 data character of the ciphertext (before its padding). */
    private static int lastCiphertextChar(byte[] envelope) {
        String json = new String(envelope, UTF_8);
        assertThat(json).as("a 1:1 envelope ends with its padded ciphertext").endsWith("=\"}");
        int i = json.length() - 3;
        while (json.charAt(i) == '=') {
            i--;
        }
        return i;
    }
}
