package org.parley.model;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.parley.crypto.primitives.CryptoException;

/**
 * A message on the wire: a clear header and its AES-GCM ciphertext; group envelopes add a wrapped
 * content key per member and the sender's signature. Sealing and opening are in {@code
 * org.parley.crypto.EnvelopeCrypto}. The byte arrays are not copied (a body can be megabytes);
 * treat them as read-only.
 */
public record Envelope(
        EnvelopeHeader header,
        byte[] ct,
        byte @Nullable [] sig,
        @Nullable Map<String, byte[]> keys) {

    /** Largest envelope accepted from the wire, in bytes of UTF-8 JSON. */
    public static final int MAX_BYTES = 8 * 1024 * 1024;

    public static final int NONCE_BYTES = 12;
    public static final int TAG_BYTES = 16;
    public static final int SIGNATURE_BYTES = 64;

    /** nonce || GCM(32-byte content key) || tag. */
    public static final int WRAPPED_KEY_BYTES = NONCE_BYTES + 32 + TAG_BYTES;

    public Envelope {
        // Sorted so the JSON and the signature input list members in one order.
        keys = keys == null ? null : Collections.unmodifiableMap(new TreeMap<>(keys));
    }

    /**
     * Parses JSON without checking the envelope's shape; see {@link #parse(byte[])} for input from
     * the network.
     *
     * @throws IllegalArgumentException if the JSON is malformed
     */
    public static Envelope fromJson(String json) {
        return Json.parse(json, Envelope.class);
    }

    public String toJson() {
        return Json.write(this);
    }

    /** The UTF-8 JSON, as carried in a broker message body. */
    public byte[] toBytes() {
        return toJson().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Parses and checks an envelope received from the network.
     *
     * @throws CryptoException if it is too large, not UTF-8, not JSON, or not a well-formed
     *     envelope
     */
    public static Envelope parse(byte[] utf8) throws CryptoException {
        if (utf8 == null || utf8.length == 0) {
            throw new CryptoException("The message is empty.");
        }
        if (utf8.length > MAX_BYTES) {
            throw new CryptoException("The message is larger than the 8 MiB limit.");
        }
        String json;
        try {
            json =
                    StandardCharsets.UTF_8
                            .newDecoder()
                            .onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT)
                            .decode(ByteBuffer.wrap(utf8))
                            .toString();
        } catch (CharacterCodingException e) {
            throw new CryptoException("The message is not valid UTF-8 text.", e);
        }
        Envelope envelope;
        try {
            envelope = fromJson(json);
        } catch (IllegalArgumentException e) {
            throw new CryptoException("The message is not a well-formed envelope.", e);
        }
        envelope.requireWellFormed();
        return envelope;
    }

    /**
     * Checks that there is a header and that it is well-formed ({@link
     * EnvelopeHeader#requireWellFormed()}), as a {@link CryptoException}: the check of a message
     * about to be sealed, and the first of {@link #requireWellFormed()}.
     */
    public static void requireWellFormed(@Nullable EnvelopeHeader header) throws CryptoException {
        if (header == null) {
            throw new CryptoException("The message has no header.");
        }
        try {
            header.requireWellFormed();
        } catch (IllegalArgumentException e) {
            throw new CryptoException(e.getMessage(), e);
        }
    }

    /**
     * Checks the header and that the parts present match its kind: a 1:1 envelope has no signature
     * or keys; a group envelope has a 64-byte signature and one wrapped key per member.
     */
    public void requireWellFormed() throws CryptoException {
        requireWellFormed(header);
        if (ct == null || ct.length < NONCE_BYTES + TAG_BYTES) {
            throw new CryptoException("The message ciphertext is missing or too short.");
        }
        if (!header.isGroup()) {
            if (sig != null || keys != null) {
                throw new CryptoException(
                        "A direct message must not carry a signature or member keys.");
            }
            return;
        }
        if (sig == null || sig.length != SIGNATURE_BYTES) {
            throw new CryptoException("The group message signature is missing or not 64 bytes.");
        }
        if (keys == null || keys.isEmpty()) {
            throw new CryptoException("The group message has no member keys.");
        }
        for (Map.Entry<String, byte[]> entry : keys.entrySet()) {
            if (!Usernames.isValid(entry.getKey())) {
                throw new CryptoException("The group message has a key for an invalid username.");
            }
            if (entry.getValue() == null || entry.getValue().length != WRAPPED_KEY_BYTES) {
                throw new CryptoException("The group message has a member key of the wrong size.");
            }
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Envelope other
                && Objects.equals(header, other.header)
                && Arrays.equals(ct, other.ct)
                && Arrays.equals(sig, other.sig)
                && keysEqual(keys, other.keys);
    }

    @Override
    public int hashCode() {
        int h = Objects.hash(header);
        h = 31 * h + Arrays.hashCode(ct);
        h = 31 * h + Arrays.hashCode(sig);
        if (keys != null) {
            for (Map.Entry<String, byte[]> e : keys.entrySet()) {
                h += e.getKey().hashCode() ^ Arrays.hashCode(e.getValue());
            }
        }
        return h;
    }

    @Override
    public String toString() {
        return "Envelope[header="
                + header
                + ", ct="
                + (ct == null ? "null" : ct.length + " bytes")
                + ", sig="
                + (sig == null ? "null" : Base64.getEncoder().encodeToString(sig))
                + ", keys="
                + (keys == null ? "null" : keys.keySet())
                + "]";
    }

    private static boolean keysEqual(
            @Nullable Map<String, byte[]> a, @Nullable Map<String, byte[]> b) {
        if (a == null || b == null) {
            return a == b;
        }
        if (!a.keySet().equals(b.keySet())) {
            return false;
        }
        for (Map.Entry<String, byte[]> e : a.entrySet()) {
            if (!Arrays.equals(e.getValue(), b.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }
}
