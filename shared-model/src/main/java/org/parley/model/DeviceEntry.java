package org.parley.model;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One link of an account's device log (issue #15): a device added, renamed or removed, the hash of
 * the previous link, and the Ed25519 signature of the account identity key. The server stores and
 * serves the log but, not holding the account key, cannot add a device to it. Checking the rules is
 * {@code org.parley.crypto.DeviceChain}'s job; this is the wire shape and its canonical bytes.
 *
 * @param seq the position in the log; 0 for the first entry
 * @param prev hex SHA-256 {@link #hash()} of entry {@code seq - 1}; empty for the first entry
 * @param device the device concerned, from 1; ids are never reused
 * @param name the device's name for {@code add} and {@code rename}; null for {@code remove}
 * @param keys the device's own public keys for {@code add}; null otherwise
 */
public record DeviceEntry(
        int v,
        String user,
        long seq,
        String prev,
        String action,
        int device,
        @Nullable String name,
        @Nullable PublicKeys keys,
        long ts,
        byte @Nullable [] sig) {

    public static final String ADD = "add";
    public static final String RENAME = "rename";
    public static final String REMOVE = "remove";
    public static final List<String> ACTIONS = List.of(ADD, RENAME, REMOVE);

    public DeviceEntry withSig(byte[] signature) {
        return new DeviceEntry(v, user, seq, prev, action, device, name, keys, ts, signature);
    }

    /**
     * {@code "parley/v1/device|" + v + "|" + user + "|" + seq + "|" + prev + "|" + action + "|" +
     * device + "|" + base64(UTF-8 name) + "|" + base64(keys.signing) + "|" + base64(keys.agreement)
     * + "|" + ts}, with an absent name or key written as empty. Usernames and actions cannot
     * contain '|' once checked, and free text and keys are base64, so the join is unambiguous.
     */
    public byte[] signingInput() {
        byte[] signing = keys == null ? null : keys.signing();
        byte[] agreement = keys == null ? null : keys.agreement();
        return ChainHash.signingInput(
                "parley/v1/device",
                v,
                user,
                seq,
                prev == null ? "" : prev,
                action,
                device,
                base64(name == null ? null : name.getBytes(StandardCharsets.UTF_8)),
                base64(signing),
                base64(agreement),
                ts);
    }

    /**
     * Hex SHA-256 of {@link #signingInput()} followed by the signature: what the next entry's
     * {@code prev} names.
     */
    public String hash() {
        return ChainHash.of(signingInput(), sig);
    }

    private static String base64(byte @Nullable [] bytes) {
        return bytes == null ? "" : Base64.getEncoder().encodeToString(bytes);
    }

    @Override
    public String toString() {
        return "DeviceEntry["
                + user
                + "#"
                + seq
                + " "
                + action
                + " device "
                + device
                + (name == null ? "" : " '" + name + "'")
                + "]";
    }
}
