package org.parley.client.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.client.MessageState;
import org.parley.client.OutgoingMessage;
import org.parley.client.StoredMessage;
import org.parley.client.contacts.ContactService;
import org.parley.client.exceptions.InvalidInputException;
import org.parley.client.exceptions.InvalidUsernameException;
import org.parley.client.exceptions.KeyChangedException;
import org.parley.client.exceptions.MessageTooLongException;
import org.parley.client.exceptions.ParleyException;
import org.parley.client.exceptions.ServerUnavailableException;
import org.parley.client.exceptions.UnknownUserException;
import org.parley.client.store.ProfileStore;
import org.parley.client.testing.RecordingListener;
import org.parley.client.transport.InboundMessage;
import org.parley.crypto.EnvelopeCrypto;
import org.parley.crypto.IdentityKeyPair;
import org.parley.model.Envelope;
import org.parley.model.EnvelopeHeader;
import org.parley.model.Json;
import org.parley.model.PublicKeys;
import org.parley.testing.Wait;

/** The receive pipeline and key pinning rules, with a fake directory and transport. */
class MessagePipelineTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Clock CLOCK =
            Clock.fixed(Instant.parse("2025-03-01T12:00:00Z"), ZoneOffset.UTC);

    @TempDir Path tmp;

    /** The key directory every party sees. */
    private final Map<String, PublicKeys> directory = new ConcurrentHashMap<>();

    private volatile boolean directoryDown;
    private final IdentityKeyPair alice = IdentityKeyPair.generate(RANDOM);
    private final IdentityKeyPair bob = IdentityKeyPair.generate(RANDOM);
    private Party bobSide;

    /** One user's pipeline over a real ProfileStore. */
    final class Party implements AutoCloseable {
        final ProfileStore store;
        final RecordingListener events = new RecordingListener();
        final FakeTransport transport = new FakeTransport();
        final MessagingServices services;
        final ContactService contacts;
        final MessageService messages;

        Party(String name, IdentityKeyPair keys) {
            byte[] storeKey = new byte[32];
            storeKey[0] = (byte) name.hashCode();
            store = ProfileStore.open(tmp.resolve(name), storeKey, name, CLOCK);
            services =
                    new MessagingServices(
                            name, keys, store, transport, events, this::lookup, CLOCK);
            contacts = services.contacts;
            messages = services.messages;
        }

        private PublicKeys lookup(String user) {
            if (directoryDown) {
                throw new ServerUnavailableException("auth.test:8080", null);
            }
            PublicKeys k = directory.get(user);
            if (k == null) {
                throw new UnknownUserException(user);
            }
            return k;
        }

        @Override
        public void close() {
            services.close();
            store.close();
        }
    }

    MessagePipelineTest() {
        directory.put("alice", alice.publicKeys());
        directory.put("bob", bob.publicKeys());
    }

    private Party bob() {
        if (bobSide == null) {
            bobSide = new Party("bob", bob);
        }
        return bobSide;
    }

    @AfterEach
    void closeParties() {
        if (bobSide != null) {
            bobSide.close();
        }
    }

    private static byte[] sealText(
            IdentityKeyPair sender, String from, String to, PublicKeys recipient, String text)
            throws Exception {
        return seal(
                        sender,
                        EnvelopeHeader.direct(from, to, 1_000, "text"),
                        Json.write(new MessageService.TextBody(text)),
                        recipient)
                .toBytes();
    }

    private static Envelope seal(
            IdentityKeyPair sender, EnvelopeHeader header, String json, PublicKeys recipient)
            throws Exception {
        return new EnvelopeCrypto(header.from(), sender)
                .sealDirect(header, json.getBytes(StandardCharsets.UTF_8), recipient);
    }

    private static InboundMessage from(String validatedUser, byte[] body) {
        return new InboundMessage(body, validatedUser);
    }

    @Test
    void textFromNewSenderIsPinnedStoredAndAnsweredWithAReceipt() throws Exception {
        Party b = bob();
        byte[] env = sealText(alice, "alice", "bob", bob.publicKeys(), "hello bob");

        b.messages.onBatch(List.of(from("alice", env)));

        assertThat(b.events.incoming())
                .extracting(StoredMessage::text)
                .containsExactly("hello bob");
        assertThat(b.store.history("alice")).hasSize(1);
        assertThat(b.contacts.pinned("alice")).contains(alice.publicKeys());
        Wait.until(Duration.ofSeconds(5), "receipt", () -> b.transport.sent.size() == 1);
        FakeTransport.Sent receipt = b.transport.sent.get(0);
        assertThat(receipt.to()).isEqualTo("alice");
        Envelope r = Envelope.parse(receipt.body());
        assertThat(r.header().type()).isEqualTo("receipt");
        byte[] plain = new EnvelopeCrypto("alice", alice).openDirect(r, bob.publicKeys());
        assertThat(new String(plain, StandardCharsets.UTF_8))
                .contains(Envelope.parse(env).header().id());
    }

    /**
     * A batch large enough to be parsed and opened in parallel first (a backlog) reaches the same
     * verdicts, in order, as one envelope at a time: good texts stored in order, a tampered one, a
     * spoofed sender, a duplicate and garbage refused or dropped, and nothing opened ahead with
     * keys other than the pinned ones.
     */
    @Test
    void aLargeBatchKeepsOrderAndEveryVerdict() throws Exception {
        Party b = bob();
        List<InboundMessage> batch = new java.util.ArrayList<>();
        List<String> expected = new java.util.ArrayList<>();
        byte[] duplicate = null;
        for (int i = 0; i < 40; i++) {
            byte[] env = sealText(alice, "alice", "bob", bob.publicKeys(), "text " + i);
            batch.add(from("alice", env));
            expected.add("text " + i);
            if (i == 7) {
                duplicate = env;
            }
            if (i == 10) {
                Envelope good =
                        Envelope.parse(
                                sealText(alice, "alice", "bob", bob.publicKeys(), "tampered"));
                byte[] ct = good.ct().clone();
                ct[0] ^= 1;
                batch.add(from("alice", new Envelope(good.header(), ct, null, null).toBytes()));
            }
            if (i == 20) {
                batch.add(
                        from(
                                "mallory",
                                sealText(alice, "alice", "bob", bob.publicKeys(), "spoofed")));
                batch.add(from("alice", duplicate));
                batch.add(from("alice", "{not json".getBytes(StandardCharsets.UTF_8)));
            }
        }

        b.messages.onBatch(batch);

        assertThat(b.events.incoming())
                .extracting(StoredMessage::text)
                .containsExactlyElementsOf(expected);
        assertThat(b.store.history("alice"))
                .extracting(StoredMessage::text)
                .containsExactlyElementsOf(expected);
        assertThat(b.events.rejections).hasSize(3);
        assertThat(b.events.rejections.get(0)).contains("integrity");
        assertThat(b.events.rejections.get(1)).contains("claiming to be from alice");
        assertThat(b.events.rejections.get(2)).contains("malformed");
    }

    @Test
    void duplicateEnvelopeIsShownOnce() throws Exception {
        Party b = bob();
        byte[] env = sealText(alice, "alice", "bob", bob.publicKeys(), "once");
        b.messages.onBatch(List.of(from("alice", env), from("alice", env)));
        b.messages.onBatch(List.of(from("alice", env)));
        assertThat(b.events.incoming()).hasSize(1);
        assertThat(b.store.history("alice")).hasSize(1);
    }

    @Test
    void duplicateEnvelopeAfterRestartIsShownOnce() throws Exception {
        byte[] env = sealText(alice, "alice", "bob", bob.publicKeys(), "once");
        bob().messages.onBatch(List.of(from("alice", env)));
        bobSide.close();
        bobSide = null;

        Party again = bob();
        again.messages.onBatch(List.of(from("alice", env)));
        assertThat(again.events.incoming()).isEmpty();
        assertThat(again.store.history("alice")).hasSize(1);
    }

    @Test
    void tamperedEnvelopeIsRejectedAndNotStored() throws Exception {
        Party b = bob();
        b.messages.onBatch(
                List.of(
                        from(
                                "alice",
                                sealText(
                                        alice, "alice", "bob", bob.publicKeys(), "pin me first"))));
        Envelope good =
                Envelope.parse(sealText(alice, "alice", "bob", bob.publicKeys(), "pay 10 euros"));
        byte[] ct = good.ct().clone();
        ct[ct.length - 20] ^= 1;
        Envelope bad = new Envelope(good.header(), ct, null, null);

        b.messages.onBatch(List.of(from("alice", bad.toBytes())));

        assertThat(b.store.history("alice"))
                .extracting(StoredMessage::text)
                .containsExactly("pin me first");
        assertThat(b.events.rejections).singleElement().asString().contains("integrity");
        assertThat(b.store.isSeen(good.header().id())).isFalse();
    }

    @Test
    void envelopeWhoseSenderDiffersFromValidatedUserIsRejected() throws Exception {
        Party b = bob();
        byte[] env = sealText(alice, "alice", "bob", bob.publicKeys(), "spoofed?");
        b.messages.onBatch(List.of(from("mallory", env), from(null, env)));
        assertThat(b.store.messageCount()).isZero();
        assertThat(b.events.rejections)
                .hasSize(2)
                .allSatisfy(r -> assertThat(r).contains("claiming to be from alice"));
    }

    @Test
    void envelopeForSomeoneElseIsRejected() throws Exception {
        Party b = bob();
        IdentityKeyPair carol = IdentityKeyPair.generate(RANDOM);
        byte[] env = sealText(alice, "alice", "carol", carol.publicKeys(), "for carol");
        b.messages.onBatch(List.of(from("alice", env)));
        assertThat(b.store.messageCount()).isZero();
        assertThat(b.events.rejections).singleElement().asString().contains("addressed to carol");
    }

    @Test
    void garbageIsRejectedNotFatal() {
        Party b = bob();
        b.messages.onBatch(
                List.of(
                        from("alice", "{not json".getBytes(StandardCharsets.UTF_8)),
                        from("alice", null)));
        assertThat(b.events.rejections).hasSize(2);
        assertThat(b.store.messageCount()).isZero();
    }

    @Test
    void aTextThatIsNotAJsonStringIsRejectedNotCoerced() throws Exception {
        Party b = bob();
        List<InboundMessage> batch = new java.util.ArrayList<>();
        for (String json :
                List.of(
                        "{\"text\":123}",
                        "{\"text\":true}",
                        "{\"text\":[\"a\"]}",
                        "{\"text\":{}}",
                        "{}",
                        "[\"text\"]",
                        "\"text\"")) {
            batch.add(
                    from(
                            "alice",
                            seal(
                                            alice,
                                            EnvelopeHeader.direct(
                                                    "alice", "bob", CLOCK.millis(), "text"),
                                            json,
                                            bob.publicKeys())
                                    .toBytes()));
        }
        b.messages.onBatch(batch);
        assertThat(b.events.rejections).hasSize(batch.size());
        assertThat(b.store.messageCount()).isZero();
    }

    @Test
    void senderUnknownToDirectoryIsRejected() throws Exception {
        Party b = bob();
        IdentityKeyPair ghost = IdentityKeyPair.generate(RANDOM);
        b.messages.onBatch(
                List.of(from("ghost", sealText(ghost, "ghost", "bob", bob.publicKeys(), "boo"))));
        assertThat(b.store.messageCount()).isZero();
        assertThat(b.events.rejections).singleElement().asString().contains("not a Parley user");
    }

    @Test
    void messageFromNewSenderWaitsWhileDirectoryIsDown() throws Exception {
        Party b = bob();
        directoryDown = true;
        b.messages.onBatch(
                List.of(
                        from(
                                "alice",
                                sealText(alice, "alice", "bob", bob.publicKeys(), "patience"))));
        assertThat(b.store.messageCount()).isZero();
        assertThat(b.events.rejections).isEmpty();

        directoryDown = false;
        b.messages.retryHeldLookups();
        assertThat(b.store.history("alice"))
                .extracting(StoredMessage::text)
                .containsExactly("patience");
    }

    @Test
    void messageSealedWithNewKeyIsHeldUntilKeyChangeIsAccepted() throws Exception {
        Party b = bob();
        b.messages.onBatch(
                List.of(
                        from(
                                "alice",
                                sealText(alice, "alice", "bob", bob.publicKeys(), "old key"))));
        IdentityKeyPair alice2 = IdentityKeyPair.generate(RANDOM);
        directory.put("alice", alice2.publicKeys());

        b.messages.onBatch(
                List.of(
                        from(
                                "alice",
                                sealText(alice2, "alice", "bob", bob.publicKeys(), "new key"))));

        assertThat(b.events.keyChanges).containsExactly("alice");
        assertThat(b.store.history("alice"))
                .extracting(StoredMessage::text)
                .containsExactly("old key");
        assertThat(b.contacts.pinned("alice")).contains(alice.publicKeys());
        assertThat(b.contacts.contacts())
                .singleElement()
                .satisfies(c -> assertThat(c.keyChangePending()).isTrue());

        assertThat(b.contacts.acceptKeyChange("alice")).isTrue();
        b.messages.releaseHeld("alice");
        assertThat(b.store.history("alice"))
                .extracting(StoredMessage::text)
                .containsExactly("old key", "new key");
        assertThat(b.contacts.pinned("alice")).contains(alice2.publicKeys());
    }

    @Test
    void keyChangeBlocksSendingToVerifiedContactUntilReverified() throws Exception {
        Party b = bob();
        b.messages.sendText("alice", "first").get(5, TimeUnit.SECONDS);
        b.contacts.markVerified("alice");
        IdentityKeyPair alice2 = IdentityKeyPair.generate(RANDOM);
        directory.put("alice", alice2.publicKeys());
        bobSide.close();
        bobSide = null; // a new session checks the directory on its first send
        Party b2 = bob();

        assertThatThrownBy(() -> b2.messages.sendText("alice", "second"))
                .isInstanceOf(KeyChangedException.class)
                .hasMessageContaining("alice");
        assertThat(b2.events.keyChanges).containsExactly("alice");

        b2.contacts.acceptKeyChange("alice");
        assertThatThrownBy(() -> b2.messages.sendText("alice", "third"))
                .isInstanceOf(KeyChangedException.class)
                .hasMessageContaining("Verify it again");

        b2.contacts.markVerified("alice");
        OutgoingMessage sent = b2.messages.sendText("alice", "fourth").get(5, TimeUnit.SECONDS);
        assertThat(sent.state()).isEqualTo(MessageState.SENT);
        Envelope env = Envelope.parse(b2.transport.sent.get(b2.transport.sent.size() - 1).body());
        assertThat(new EnvelopeCrypto("alice", alice2).openDirect(env, bob.publicKeys()))
                .isNotEmpty();
    }

    @Test
    void keyChangeToUnverifiedContactNeedsOnlyAcceptance() throws Exception {
        Party b = bob();
        b.messages.sendText("alice", "first").get(5, TimeUnit.SECONDS);
        directory.put("alice", IdentityKeyPair.generate(RANDOM).publicKeys());
        bobSide.close();
        bobSide = null;
        Party b2 = bob();
        assertThatThrownBy(() -> b2.messages.sendText("alice", "second"))
                .isInstanceOf(KeyChangedException.class);
        b2.contacts.acceptKeyChange("alice");
        assertThat(b2.messages.sendText("alice", "third").get(5, TimeUnit.SECONDS).state())
                .isEqualTo(MessageState.SENT);
    }

    @Test
    void receiptMarksOutgoingMessageDelivered() throws Exception {
        Party b = bob();
        OutgoingMessage out =
                b.messages.sendText("alice", "did you get this?").get(5, TimeUnit.SECONDS);
        assertThat(out.state()).isEqualTo(MessageState.SENT);
        EnvelopeHeader h = EnvelopeHeader.direct("alice", "bob", 2_000, "receipt");
        Envelope receipt =
                seal(
                        alice,
                        h,
                        Json.write(new MessageService.ReceiptBody(List.of(out.id()), "delivered")),
                        bob.publicKeys());

        b.messages.onBatch(List.of(from("alice", receipt.toBytes())));

        assertThat(b.store.message(out.id()).orElseThrow().state())
                .isEqualTo(MessageState.DELIVERED);
        assertThat(b.events.states).contains(out.id() + ":DELIVERED");
        assertThat(b.store.isSeen(h.id())).isTrue();
    }

    @Test
    void receiptFromSomeoneElseDoesNotMarkDelivered() throws Exception {
        Party b = bob();
        OutgoingMessage out = b.messages.sendText("alice", "to alice").get(5, TimeUnit.SECONDS);
        IdentityKeyPair carol = IdentityKeyPair.generate(RANDOM);
        directory.put("carol", carol.publicKeys());
        Envelope receipt =
                seal(
                        carol,
                        EnvelopeHeader.direct("carol", "bob", 2_000, "receipt"),
                        Json.write(new MessageService.ReceiptBody(List.of(out.id()), "delivered")),
                        bob.publicKeys());
        b.messages.onBatch(List.of(from("carol", receipt.toBytes())));
        assertThat(b.store.message(out.id()).orElseThrow().state()).isEqualTo(MessageState.SENT);
    }

    @Test
    void outgoingMessageIsStoredAsSendingAndRetriedWithSameIdWhenOffline() throws Exception {
        Party b = bob();
        b.transport.online = false;
        var future = b.messages.sendText("alice", "later");
        assertThat(b.events.messages)
                .singleElement()
                .satisfies(m -> assertThat(m.state()).isEqualTo(MessageState.SENDING));
        assertThat(future).isNotDone();
        b.transport.online = true;
        OutgoingMessage sent = future.get(10, TimeUnit.SECONDS);
        assertThat(b.transport.sent)
                .singleElement()
                .satisfies(s -> assertThat(s.id()).isEqualTo(sent.id()));
    }

    @Test
    void unsentMessageIsResentWithSameIdAfterRestart() throws Exception {
        Party b = bob();
        b.transport.online = false;
        b.messages.sendText("alice", "survive a restart");
        String id = b.events.messages.get(0).id();
        bobSide.close();
        bobSide = null;

        Party b2 = bob();
        b2.messages.resendPending();
        Wait.until(Duration.ofSeconds(5), "resend", () -> b2.transport.sent.size() == 1);
        assertThat(b2.transport.sent.get(0).id()).isEqualTo(id);
        Wait.until(
                Duration.ofSeconds(5),
                "SENT state",
                () -> b2.store.message(id).orElseThrow().state() == MessageState.SENT);
    }

    @Test
    void refusedSendMarksMessageFailed() {
        Party b = bob();
        b.transport.refuse = true;
        var future = b.messages.sendText("alice", "nope");
        assertThatThrownBy(() -> future.get(5, TimeUnit.SECONDS))
                .hasCauseInstanceOf(ParleyException.class);
        assertThat(b.store.history("alice"))
                .singleElement()
                .satisfies(m -> assertThat(m.state()).isEqualTo(MessageState.FAILED));
    }

    @Test
    void invalidSendsFailClearlyAndStoreNothing() {
        Party b = bob();
        assertThatThrownBy(() -> b.messages.sendText("alice", "x".repeat(4001)))
                .isInstanceOf(MessageTooLongException.class)
                .hasMessageContaining("4000");
        assertThatThrownBy(() -> b.messages.sendText("alice", "  "))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> b.messages.sendText("bob", "me"))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> b.messages.sendText("no body", "hi"))
                .isInstanceOf(InvalidUsernameException.class);
        assertThatThrownBy(() -> b.messages.sendText("nobody", "hi"))
                .isInstanceOf(UnknownUserException.class);
        assertThat(b.store.messageCount()).isZero();
    }

    @Test
    void safetyNumbersMatchOnBothSides() throws Exception {
        Party b = bob();
        Party a = new Party("alice", alice);
        try {
            assertThat(a.contacts.safetyNumber("bob"))
                    .isEqualTo(b.contacts.safetyNumber("alice"))
                    .matches("(\\d{5} ){11}\\d{5}");
        } finally {
            a.close();
        }
    }

    @Test
    void unwrapHelperSanity() {
        assertThat(ParleyException.unwrap(new CompletionException(new UnknownUserException("x"))))
                .isInstanceOf(UnknownUserException.class);
    }
}
