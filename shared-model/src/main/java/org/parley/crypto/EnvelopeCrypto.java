package org.parley.crypto;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import org.parley.crypto.primitives.Aead;
import org.parley.crypto.primitives.CryptoException;
import org.parley.crypto.primitives.Ed25519;
import org.parley.crypto.primitives.Hkdf;
import org.parley.crypto.primitives.SecureRandoms;
import org.parley.model.Envelope;
import org.parley.model.EnvelopeHeader;
import org.parley.model.Ids;
import org.parley.model.PublicKeys;
import org.parley.model.Usernames;

/**
 * Seals and opens envelopes for one local identity, exactly as docs/PROTOCOL.md says.
 *
 * <p>1:1 messages are authenticated by the contact secret alone (only the two parties can derive
 * the message key), so they carry no signature. Group messages use a random content key wrapped for
 * every member and are signed by the sender, because every member can unwrap the content key and so
 * could otherwise forge a message from anyone else.
 *
 * <p>Callers still compare {@code header.from} with the broker-stamped validated user and drop ids
 * they have seen. Thread-safe.
 */
public final class EnvelopeCrypto {

    private static final int CONTENT_KEY_BYTES = 32;

    /** HKDF label of the key that seals a direct message. */
    private static final String DIRECT_KEY_LABEL = "parley/v1/msg|";

    /** HKDF label of the key that wraps a group message's content key for one member. */
    private static final String GROUP_KEY_LABEL = "parley/v1/gkey|";

    private final String myUsername;
    private final IdentityKeyPair me;
    private final ContactSecrets secrets;

    public EnvelopeCrypto(String myUsername, IdentityKeyPair me) {
        this.secrets = new ContactSecrets(myUsername, me);
        this.myUsername = myUsername;
        this.me = me;
    }

    public Envelope sealDirect(EnvelopeHeader header, byte[] plaintext, PublicKeys recipient)
            throws CryptoException {
        requireSealable(header, plaintext);
        String to = header.to();
        if (to == null) {
            // A well-formed header without a recipient names a group.
            throw new CryptoException("A direct message needs a recipient, not a group.");
        }
        byte[] aad = header.aad();
        byte[] key = messageKey(secrets.secretFor(to, recipient), header, DIRECT_KEY_LABEL, to);
        return new Envelope(header, Aead.seal(key, plaintext, aad), null, null);
    }

    /**
     * @param senderKeys the pinned keys of {@code header.from}
     * @throws CryptoException if the envelope is malformed, not addressed to me, or fails
     *     authentication
     */
    public byte[] openDirect(Envelope envelope, PublicKeys senderKeys) throws CryptoException {
        requireOpenable(envelope);
        EnvelopeHeader header = envelope.header();
        if (header.isGroup()) {
            throw new CryptoException("This is a group message, not a direct message.");
        }
        if (!myUsername.equals(header.to())) {
            throw new CryptoException("This message was not addressed to you.");
        }
        byte[] key = keyFromSender(header, senderKeys, DIRECT_KEY_LABEL);
        try {
            return Aead.open(key, envelope.ct(), header.aad());
        } catch (CryptoException e) {
            throw new CryptoException(
                    "The message failed its integrity check: it was altered, or not sent by "
                            + header.from()
                            + ".",
                    e);
        }
    }

    /**
     * @param members every recipient and their keys (include yourself to read your own message on
     *     another device)
     */
    public Envelope sealGroup(
            EnvelopeHeader header, byte[] plaintext, Map<String, PublicKeys> members)
            throws CryptoException {
        requireSealable(header, plaintext);
        if (!header.isGroup()) {
            throw new CryptoException("A group message needs a group id, not a recipient.");
        }
        if (members == null || members.isEmpty()) {
            throw new CryptoException("A group message needs at least one member.");
        }
        byte[] aad = header.aad();
        byte[] contentKey = new byte[CONTENT_KEY_BYTES];
        SecureRandoms.current().nextBytes(contentKey);
        try {
            byte[] ct = Aead.seal(contentKey, plaintext, aad);
            Map<String, byte[]> keys = new TreeMap<>();
            for (Map.Entry<String, PublicKeys> member : members.entrySet()) {
                String name = member.getKey();
                byte[] wrapKey =
                        messageKey(
                                secrets.secretFor(name, member.getValue()),
                                header,
                                GROUP_KEY_LABEL,
                                name);
                keys.put(name, Aead.seal(wrapKey, contentKey, aad));
            }
            byte[] sig = me.sign(groupSignatureInput(aad, ct, keys));
            return new Envelope(header, ct, sig, keys);
        } finally {
            Arrays.fill(contentKey, (byte) 0);
        }
    }

    /**
     * Verifies the sender's signature first, then unwraps my content key and the content.
     *
     * @param senderKeys the pinned keys of {@code header.from}
     */
    public byte[] openGroup(Envelope envelope, PublicKeys senderKeys) throws CryptoException {
        requireOpenable(envelope);
        EnvelopeHeader header = envelope.header();
        if (!header.isGroup()) {
            throw new CryptoException("This is a direct message, not a group message.");
        }
        if (senderKeys == null) {
            throw new CryptoException("The sender's public keys are missing.");
        }
        byte[] aad = header.aad();
        Map<String, byte[]> keys = envelope.keys();
        if (keys == null) {
            // requireWellFormed refuses a group message without keys; this tells NullAway so.
            throw new CryptoException("The group message has no member keys.");
        }
        byte[] signed = groupSignatureInput(aad, envelope.ct(), keys);
        if (!Ed25519.verify(senderKeys.signing(), signed, envelope.sig())) {
            throw new CryptoException(
                    "The group message's signature is not valid: it was altered, or not sent by "
                            + header.from()
                            + ".");
        }
        byte[] wrapped = keys.get(myUsername);
        if (wrapped == null) {
            throw new CryptoException("This message was not encrypted for you.");
        }
        byte[] wrapKey = keyFromSender(header, senderKeys, GROUP_KEY_LABEL);
        byte[] contentKey = Aead.open(wrapKey, wrapped, aad);
        try {
            if (contentKey.length != CONTENT_KEY_BYTES) {
                throw new CryptoException(
                        "The group message carries a content key of the wrong size.");
            }
            return Aead.open(contentKey, envelope.ct(), aad);
        } finally {
            Arrays.fill(contentKey, (byte) 0);
        }
    }

    private void requireSealable(EnvelopeHeader header, byte[] plaintext) throws CryptoException {
        Envelope.requireWellFormed(header);
        if (!myUsername.equals(header.from())) {
            throw new CryptoException("You can only send messages as " + myUsername + ".");
        }
        if (plaintext == null) {
            throw new CryptoException("The message has no content.");
        }
    }

    private static void requireOpenable(Envelope envelope) throws CryptoException {
        if (envelope == null) {
            throw new CryptoException("There is no message.");
        }
        envelope.requireWellFormed();
    }

    /** The key {@code header.from} sealed a message to me with (see {@link #messageKey}). */
    private byte[] keyFromSender(EnvelopeHeader header, PublicKeys senderKeys, String label)
            throws CryptoException {
        return messageKey(secrets.secretFor(header.from(), senderKeys), header, label, myUsername);
    }

    /** HKDF(secret, salt = idBytes, info = label + from + ">" + recipient). */
    private static byte[] messageKey(
            byte[] contactSecret, EnvelopeHeader header, String label, String recipient) {
        try {
            byte[] info =
                    (label + header.from() + ">" + recipient).getBytes(StandardCharsets.UTF_8);
            return Hkdf.sha256(contactSecret, Ids.toBytes(header.id()), info, 32);
        } finally {
            Arrays.fill(contactSecret, (byte) 0);
        }
    }

    /**
     * "parley/v1/gsig|" || AAD || ct || for each member in sorted order: member || "=" ||
     * keys[member].
     */
    private static byte[] groupSignatureInput(byte[] aad, byte[] ct, Map<String, byte[]> keys) {
        ByteArrayOutputStream out =
                new ByteArrayOutputStream(
                        16
                                + aad.length
                                + ct.length
                                + keys.size()
                                        * (Usernames.MAX_LENGTH + 1 + Envelope.WRAPPED_KEY_BYTES));
        out.writeBytes("parley/v1/gsig|".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(aad);
        out.writeBytes(ct);
        for (Map.Entry<String, byte[]> entry : new TreeMap<>(keys).entrySet()) {
            out.writeBytes(entry.getKey().getBytes(StandardCharsets.UTF_8));
            out.write('=');
            out.writeBytes(entry.getValue());
        }
        return out.toByteArray();
    }
}
