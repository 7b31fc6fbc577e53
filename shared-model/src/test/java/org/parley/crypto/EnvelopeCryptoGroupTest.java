package org.parley.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.parley.crypto.primitives.CryptoException;
import org.parley.model.Envelope;
import org.parley.model.EnvelopeHeader;
import org.parley.model.Ids;
import org.parley.model.PublicKeys;

class EnvelopeCryptoGroupTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final byte[] TEXT =
            "{\"text\":\"hello group\"}".getBytes(StandardCharsets.UTF_8);
    private static final String GROUP = Ids.newId();

    private final IdentityKeyPair aliceKeys = IdentityKeyPair.generate(RANDOM);
    private final IdentityKeyPair bobKeys = IdentityKeyPair.generate(RANDOM);
    private final IdentityKeyPair carolKeys = IdentityKeyPair.generate(RANDOM);
    private final EnvelopeCrypto alice = new EnvelopeCrypto("alice", aliceKeys);
    private final EnvelopeCrypto bob = new EnvelopeCrypto("bob", bobKeys);
    private final EnvelopeCrypto carol = new EnvelopeCrypto("carol", carolKeys);
    private final Map<String, PublicKeys> members =
            Map.of(
                    "alice",
                    aliceKeys.publicKeys(),
                    "bob",
                    bobKeys.publicKeys(),
                    "carol",
                    carolKeys.publicKeys());

    private Envelope seal() throws CryptoException {
        return alice.sealGroup(EnvelopeHeader.group("alice", GROUP, 1000, "text"), TEXT, members);
    }

    @Test
    void everyMemberOpensTheMessageIncludingTheSender() throws CryptoException {
        Envelope sealed = Envelope.parse(seal().toBytes());
        assertThat(sealed.keys()).containsOnlyKeys("alice", "bob", "carol");
        assertThat(sealed.sig()).hasSize(64);
        for (EnvelopeCrypto member : new EnvelopeCrypto[] {alice, bob, carol}) {
            assertThat(member.openGroup(sealed, aliceKeys.publicKeys())).isEqualTo(TEXT);
        }
    }

    @Test
    void nonMemberCannotOpen() throws CryptoException {
        Envelope sealed = seal();
        EnvelopeCrypto dave = new EnvelopeCrypto("dave", IdentityKeyPair.generate(RANDOM));
        assertOpenFails(dave, sealed, "").hasMessage("This message was not encrypted for you.");
    }

    @Test
    void memberCannotUseAnotherMembersKeyEntry() throws CryptoException {
        // Dave copies Bob's wrapped key under his own name and re-signs: the signature fails,
        // and even with a valid signature Bob's entry is wrapped under the Alice-Bob secret.
        Envelope sealed = seal();
        Map<String, byte[]> keys = new HashMap<>(sealed.keys());
        keys.put("dave", keys.get("bob"));
        Envelope forged = new Envelope(sealed.header(), sealed.ct(), sealed.sig(), keys);
        EnvelopeCrypto dave = new EnvelopeCrypto("dave", IdentityKeyPair.generate(RANDOM));
        assertOpenFails(dave, forged, "");
    }

    @Test
    void tamperedSignatureIsRejected() throws CryptoException {
        Envelope sealed = seal();
        for (int bit = 0; bit < 64 * 8; bit += 7) {
            byte[] sig = sealed.sig();
            sig = sig.clone();
            sig[bit / 8] ^= (byte) (1 << (bit % 8));
            Envelope forged = new Envelope(sealed.header(), sealed.ct(), sig, sealed.keys());
            assertOpenFails(bob, forged, String.format("sig bit %d", bit))
                    .hasMessageContaining("signature");
        }
    }

    @Test
    void tamperedOrRemovedMemberKeysAreRejectedByEveryMember() throws CryptoException {
        Envelope sealed = seal();
        Map<String, byte[]> tampered = new TreeMap<>(sealed.keys());
        byte[] carolKey = tampered.get("carol").clone();
        carolKey[20] ^= 1;
        tampered.put("carol", carolKey);
        Envelope forged = new Envelope(sealed.header(), sealed.ct(), sealed.sig(), tampered);
        // Bob's own entry is intact, but the signature covers every entry.
        assertOpenFails(bob, forged, "");
        assertOpenFails(carol, forged, "");

        Map<String, byte[]> removed = new TreeMap<>(sealed.keys());
        removed.remove("carol");
        Envelope fewer = new Envelope(sealed.header(), sealed.ct(), sealed.sig(), removed);
        assertOpenFails(bob, fewer, "");
    }

    @Test
    void tamperedCiphertextIsRejected() throws CryptoException {
        Envelope sealed = seal();
        byte[] ct = sealed.ct();
        for (int bit = 0; bit < ct.length * 8; bit += 5) {
            byte[] tampered = ct.clone();
            tampered[bit / 8] ^= (byte) (1 << (bit % 8));
            Envelope forged = new Envelope(sealed.header(), tampered, sealed.sig(), sealed.keys());
            assertOpenFails(bob, forged, String.format("ct bit %d", bit));
        }
    }

    @Test
    void everyFlippedHeaderBitIsRejected() throws CryptoException {
        Envelope sealed = seal();
        for (EnvelopeHeader header : EnvelopeCryptoDirectTest.headerBitFlips(sealed.header())) {
            Envelope forged = new Envelope(header, sealed.ct(), sealed.sig(), sealed.keys());
            assertOpenFails(bob, forged, String.format("header %s", header));
        }
    }

    @Test
    void signatureBySomeoneElseIsRejected() throws CryptoException {
        // Bob knows the content key of Alice's messages; he still cannot send one as Alice.
        EnvelopeCrypto bobAsAlice = new EnvelopeCrypto("alice", bobKeys);
        Envelope forged =
                bobAsAlice.sealGroup(
                        EnvelopeHeader.group("alice", GROUP, 1, "text"), TEXT, members);
        assertOpenFails(carol, forged, "").hasMessageContaining("signature");

        // Nor by re-signing a genuine envelope with his own key.
        Envelope genuine = seal();
        Envelope resigned =
                new Envelope(genuine.header(), genuine.ct(), new byte[64], genuine.keys());
        assertOpenFails(carol, resigned, "");
    }

    @Test
    void groupEnvelopeCannotBeOpenedAsDirectAndSealingChecksTheHeader() throws CryptoException {
        Envelope sealed = seal();
        assertThatThrownBy(() -> bob.openDirect(sealed, aliceKeys.publicKeys()))
                .isInstanceOf(CryptoException.class);
        assertSealRefused(EnvelopeHeader.direct("alice", "bob", 1, "text"), members);
        assertSealRefused(EnvelopeHeader.group("alice", GROUP, 1, "text"), Map.of());
        assertSealRefused(EnvelopeHeader.group("bob", GROUP, 1, "text"), members);
        assertSealRefused(
                EnvelopeHeader.group("alice", GROUP, 1, "text"),
                Map.of("Bob!", bobKeys.publicKeys()));
    }

    /** Asserts that {@code member} cannot open {@code envelope} as a group message from alice. */
    private AbstractThrowableAssert<?, ? extends Throwable> assertOpenFails(
            EnvelopeCrypto member, Envelope envelope, String description) {
        return assertThatThrownBy(() -> member.openGroup(envelope, aliceKeys.publicKeys()))
                .as(description)
                .isInstanceOf(CryptoException.class);
    }

    private void assertSealRefused(EnvelopeHeader header, Map<String, PublicKeys> to) {
        assertThatThrownBy(() -> alice.sealGroup(header, TEXT, to))
                .isInstanceOf(CryptoException.class);
    }
}
