package org.parley.model;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The clear part of an envelope. It is bound to the ciphertext as AAD, so any change to it makes
 * the envelope fail to open. Exactly one of {@code to} (1:1) and {@code group} is set.
 */
public record EnvelopeHeader(
        int v,
        String id,
        String from,
        @Nullable String to,
        @Nullable String group,
        long ts,
        String type) {

    private static final Pattern TYPE = Pattern.compile("[a-z][a-z0-9_-]{0,31}");

    /** A new 1:1 header with a fresh id and the current protocol version. */
    public static EnvelopeHeader direct(String from, String to, long ts, String type) {
        return new EnvelopeHeader(ProtocolVersion.CURRENT, Ids.newId(), from, to, null, ts, type);
    }

    /** A new group header with a fresh id and the current protocol version. */
    public static EnvelopeHeader group(String from, String groupId, long ts, String type) {
        return new EnvelopeHeader(
                ProtocolVersion.CURRENT, Ids.newId(), from, null, groupId, ts, type);
    }

    public boolean isGroup() {
        return group != null;
    }

    /**
     * The additional authenticated data, exactly as in docs/PROTOCOL.md. The fields cannot contain
     * '|' once {@link #requireWellFormed()} has passed, so the join is unambiguous.
     */
    public byte[] aad() {
        String text =
                "parley/v1/env|"
                        + v
                        + "|"
                        + id
                        + "|"
                        + from
                        + "|"
                        + (to == null ? "" : to)
                        + "|"
                        + (group == null ? "" : group)
                        + "|"
                        + ts
                        + "|"
                        + type;
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Checks every field's shape.
     *
     * @throws IllegalArgumentException naming the first bad field
     */
    public void requireWellFormed() {
        if (!ProtocolVersion.isSupported(v)) {
            throw new IllegalArgumentException(
                    "The message uses protocol version " + v + ", which this app does not know.");
        }
        if (!Ids.isValid(id)) {
            throw new IllegalArgumentException(
                    "The message id is not 32 lowercase hex characters.");
        }
        if (!Usernames.isValid(from)) {
            throw new IllegalArgumentException("The sender is not a valid username.");
        }
        if ((to == null) == (group == null)) {
            throw new IllegalArgumentException(
                    "A message must name exactly one of a recipient and a group.");
        }
        if (to != null && !Usernames.isValid(to)) {
            throw new IllegalArgumentException("The recipient is not a valid username.");
        }
        if (group != null && !Ids.isValid(group)) {
            throw new IllegalArgumentException("The group id is not 32 lowercase hex characters.");
        }
        if (ts < 0) {
            throw new IllegalArgumentException("The message timestamp is negative.");
        }
        if (type == null || !TYPE.matcher(type).matches()) {
            throw new IllegalArgumentException("The message type is not a short lowercase word.");
        }
    }
}
