package org.parley.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.parley.crypto.primitives.CryptoException;
import org.parley.model.Envelope;
import org.parley.model.EnvelopeHeader;
import org.parley.model.Ids;
import org.parley.model.PublicKeys;

class EnvelopeCryptoDirectTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final byte[] TEXT = "{\"text\":\"hi bob\"}".getBytes(StandardCharsets.UTF_8);

    private final IdentityKeyPair aliceKeys = IdentityKeyPair.generate(RANDOM);
    private final IdentityKeyPair bobKeys = IdentityKeyPair.generate(RANDOM);
    private final EnvelopeCrypto alice = new EnvelopeCrypto("alice", aliceKeys);
    private final EnvelopeCrypto bob = new EnvelopeCrypto("bob", bobKeys);

    @Test
    void messagesOpenInBothDirections() throws CryptoException {
        Envelope toBob = aliceToBob(1000);
        assertThat(bobOpens(toBob)).isEqualTo(TEXT);

        byte[] reply = "{\"text\":\"hi alice\"}".getBytes(StandardCharsets.UTF_8);
        Envelope toAlice =
                bob.sealDirect(
                        EnvelopeHeader.direct("bob", "alice", 1001, "text"),
                        reply,
                        aliceKeys.publicKeys());
        assertThat(alice.openDirect(toAlice, bobKeys.publicKeys())).isEqualTo(reply);
    }

    @Test
    void envelopeSurvivesTheWireFormat() throws CryptoException {
        Envelope sealed = aliceToBob(1000);
        Envelope received = Envelope.parse(sealed.toBytes());
        assertThat(received).isEqualTo(sealed);
        assertThat(received.sig()).isNull();
        assertThat(received.keys()).isNull();
        assertThat(bobOpens(received)).isEqualTo(TEXT);
    }

    @Test
    void emptyAndLargeContentRoundTrip() throws CryptoException {
        byte[] large = new byte[1 << 20];
        RANDOM.nextBytes(large);
        for (byte[] content : List.of(new byte[0], large)) {
            Envelope sealed =
                    alice.sealDirect(
                            EnvelopeHeader.direct("alice", "bob", 1, "file"),
                            content,
                            bobKeys.publicKeys());
            assertThat(bobOpens(sealed)).isEqualTo(content);
        }
    }

    @Test
    void everyFlippedCiphertextBitIsRejected() throws CryptoException {
        Envelope sealed = aliceToBob(1000);
        byte[] ct = sealed.ct();
        for (int bit = 0; bit < ct.length * 8; bit++) {
            byte[] tampered = ct.clone();
            tampered[bit / 8] ^= (byte) (1 << (bit % 8));
            Envelope forged = new Envelope(sealed.header(), tampered, null, null);
            assertThatThrownBy(() -> bobOpens(forged))
                    .as("ct bit %d", bit)
                    .isInstanceOf(CryptoException.class);
        }
    }

    @Test
    void everyFlippedHeaderBitIsRejected() throws CryptoException {
        EnvelopeHeader header = EnvelopeHeader.direct("alice", "bob", 1_790_000_000_000L, "text");
        Envelope sealed = alice.sealDirect(header, TEXT, bobKeys.publicKeys());
        List<EnvelopeHeader> variants = headerBitFlips(header);
        assertThat(variants).hasSizeGreaterThan(300);
        for (EnvelopeHeader forgedHeader : variants) {
            Envelope forged = new Envelope(forgedHeader, sealed.ct(), null, null);
            assertThatThrownBy(() -> bobOpens(forged))
                    .as("header %s", forgedHeader)
                    .isInstanceOf(CryptoException.class);
        }
    }

    @Test
    void messageForSomeoneElseIsRejected() throws CryptoException {
        IdentityKeyPair carolKeys = IdentityKeyPair.generate(RANDOM);
        Envelope toCarol = sealText(alice, "alice", "carol", carolKeys.publicKeys());
        assertThatThrownBy(() -> bobOpens(toCarol))
                .isInstanceOf(CryptoException.class)
                .hasMessageContaining("not addressed to you");
        // Even if Bob rewrites "to", the key was derived for Carol.
        EnvelopeHeader h = toCarol.header();
        Envelope readdressed =
                new Envelope(
                        new EnvelopeHeader(h.v(), h.id(), h.from(), "bob", null, h.ts(), h.type()),
                        toCarol.ct(),
                        null,
                        null);
        assertThatThrownBy(() -> bobOpens(readdressed)).isInstanceOf(CryptoException.class);
    }

    @Test
    void senderClaimingToBeSomeoneElseIsRejected() throws CryptoException {
        // Mallory labels her message as from Alice; Bob checks it against Alice's pinned keys.
        IdentityKeyPair malloryKeys = IdentityKeyPair.generate(RANDOM);
        EnvelopeCrypto mallory = new EnvelopeCrypto("alice", malloryKeys);
        Envelope forged = sealText(mallory, "alice", "bob", bobKeys.publicKeys());
        assertThatThrownBy(() -> bobOpens(forged))
                .isInstanceOf(CryptoException.class)
                .hasMessageContaining("integrity");
    }

    @Test
    void sealingAsAnotherUserIsRefused() {
        assertThatThrownBy(() -> sealText(alice, "carol", "bob", bobKeys.publicKeys()))
                .isInstanceOf(CryptoException.class);
    }

    @Test
    void malformedHeadersAreRefusedOnSealAndOpen() throws CryptoException {
        EnvelopeHeader badType =
                new EnvelopeHeader(1, Ids.newId(), "alice", "bob", null, 1, "Text!");
        assertThatThrownBy(() -> alice.sealDirect(badType, TEXT, bobKeys.publicKeys()))
                .isInstanceOf(CryptoException.class);
        Envelope sealed = aliceToBob(1);
        assertThatThrownBy(
                        () ->
                                bob.openDirect(
                                        new Envelope(null, sealed.ct(), null, null),
                                        aliceKeys.publicKeys()))
                .isInstanceOf(CryptoException.class);
        assertThatThrownBy(() -> bobOpens(null)).isInstanceOf(CryptoException.class);
    }

    @Test
    void directEnvelopeWithGroupPartsOrGroupOpenIsRejected() throws CryptoException {
        Envelope sealed = aliceToBob(1);
        Envelope withSig = new Envelope(sealed.header(), sealed.ct(), new byte[64], null);
        assertThatThrownBy(() -> bobOpens(withSig)).isInstanceOf(CryptoException.class);
        Envelope withKeys =
                new Envelope(sealed.header(), sealed.ct(), null, Map.of("bob", new byte[60]));
        assertThatThrownBy(() -> bobOpens(withKeys)).isInstanceOf(CryptoException.class);
        assertThatThrownBy(() -> bob.openGroup(sealed, aliceKeys.publicKeys()))
                .isInstanceOf(CryptoException.class);
    }

    @Test
    void lowOrderRecipientKeyIsRefused() {
        PublicKeys bogus = new PublicKeys(bobKeys.signingPublic(), new byte[32]);
        assertThatThrownBy(() -> sealText(alice, "alice", "bob", bogus))
                .isInstanceOf(CryptoException.class);
        assertThatThrownBy(() -> sealText(alice, "alice", "bob", null))
                .isInstanceOf(CryptoException.class);
    }

    @Test
    void sameContentSealsDifferentlyEachTime() throws CryptoException {
        EnvelopeHeader header = EnvelopeHeader.direct("alice", "bob", 1, "text");
        Envelope first = alice.sealDirect(header, TEXT, bobKeys.publicKeys());
        Envelope second = alice.sealDirect(header, TEXT, bobKeys.publicKeys());
        assertThat(first.ct()).isNotEqualTo(second.ct());
    }

    @Test
    void messageToSelfOpens() throws CryptoException {
        Envelope note = sealText(alice, "alice", "alice", aliceKeys.publicKeys());
        assertThat(alice.openDirect(note, aliceKeys.publicKeys())).isEqualTo(TEXT);
    }

    /** A text message alice seals for bob, sent at {@code ts}. */
    private Envelope aliceToBob(long ts) throws CryptoException {
        return alice.sealDirect(
                EnvelopeHeader.direct("alice", "bob", ts, "text"), TEXT, bobKeys.publicKeys());
    }

    /** {@link #TEXT} sealed by {@code sender} as a text message from {@code from} to {@code to}. */
    private static Envelope sealText(
            EnvelopeCrypto sender, String from, String to, PublicKeys recipientKeys)
            throws CryptoException {
        return sender.sealDirect(EnvelopeHeader.direct(from, to, 1, "text"), TEXT, recipientKeys);
    }

    /** Bob opens {@code envelope} as a direct message from alice. */
    private byte[] bobOpens(Envelope envelope) throws CryptoException {
        return bob.openDirect(envelope, aliceKeys.publicKeys());
    }

    /** Every header that differs from {@code h} by one bit in one field. */
    static List<EnvelopeHeader> headerBitFlips(EnvelopeHeader h) {
        List<EnvelopeHeader> out = new ArrayList<>();
        for (int bit = 0; bit < 32; bit++) {
            out.add(
                    new EnvelopeHeader(
                            h.v() ^ (1 << bit),
                            h.id(),
                            h.from(),
                            h.to(),
                            h.group(),
                            h.ts(),
                            h.type()));
        }
        for (int bit = 0; bit < 64; bit++) {
            out.add(
                    new EnvelopeHeader(
                            h.v(),
                            h.id(),
                            h.from(),
                            h.to(),
                            h.group(),
                            h.ts() ^ (1L << bit),
                            h.type()));
        }
        for (String id : flips(h.id())) {
            out.add(new EnvelopeHeader(h.v(), id, h.from(), h.to(), h.group(), h.ts(), h.type()));
        }
        for (String from : flips(h.from())) {
            out.add(new EnvelopeHeader(h.v(), h.id(), from, h.to(), h.group(), h.ts(), h.type()));
        }
        if (h.to() != null) {
            for (String to : flips(h.to())) {
                out.add(
                        new EnvelopeHeader(
                                h.v(), h.id(), h.from(), to, h.group(), h.ts(), h.type()));
            }
        }
        if (h.group() != null) {
            for (String group : flips(h.group())) {
                out.add(
                        new EnvelopeHeader(
                                h.v(), h.id(), h.from(), h.to(), group, h.ts(), h.type()));
            }
        }
        for (String type : flips(h.type())) {
            out.add(new EnvelopeHeader(h.v(), h.id(), h.from(), h.to(), h.group(), h.ts(), type));
        }
        return out;
    }

    private static List<String> flips(String s) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < s.length(); i++) {
            for (int bit = 0; bit < 8; bit++) {
                char[] chars = s.toCharArray();
                chars[i] ^= (char) (1 << bit);
                out.add(new String(chars));
            }
        }
        return out;
    }
}
