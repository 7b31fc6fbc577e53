package org.parley.model;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One link of a group's membership chain (docs/PROTOCOL.md, "Groups"): the change, the whole
 * membership and admin after it, the hash of the previous link, and the Ed25519 signature of the
 * member who made it (the admin, or the leaver for {@code leave}). Checking the rules is {@code
 * org.parley.crypto.GroupChain}'s job; this is the wire shape and its canonical bytes.
 *
 * @param seq the membership epoch this entry starts; 0 for {@code create}
 * @param prev hex SHA-256 {@link #hash()} of entry {@code seq - 1}; empty for {@code create}
 * @param target the member added, removed, leaving or made admin; null for create/rename/delete
 * @param members every member after this change, sorted
 */
public record GroupEntry(
        int v,
        String group,
        long seq,
        String prev,
        String action,
        String actor,
        @Nullable String target,
        @Nullable String name,
        String admin,
        List<String> members,
        long ts,
        byte @Nullable [] sig) {

    public static final String CREATE = "create";
    public static final String ADD = "add";
    public static final String REMOVE = "remove";
    public static final String LEAVE = "leave";
    public static final String RENAME = "rename";
    public static final String TRANSFER = "transfer";
    public static final String DELETE = "delete";
    public static final List<String> ACTIONS =
            List.of(CREATE, ADD, REMOVE, LEAVE, RENAME, TRANSFER, DELETE);

    public GroupEntry {
        members = members == null ? null : List.copyOf(members);
    }

    public GroupEntry withSig(byte[] signature) {
        return new GroupEntry(
                v, group, seq, prev, action, actor, target, name, admin, members, ts, signature);
    }

    /**
     * {@code "parley/v1/group|" + v + "|" + group + "|" + seq + "|" + prev + "|" + action + "|" +
     * actor + "|" + (target ?: "") + "|" + base64(UTF-8 name) + "|" + join(",", members) + "|" +
     * admin + "|" + ts}. Usernames, ids and actions cannot contain '|' or ',' once checked, and the
     * name is base64, so the join is unambiguous.
     */
    public byte[] signingInput() {
        return ChainHash.signingInput(
                "parley/v1/group",
                v,
                group,
                seq,
                prev == null ? "" : prev,
                action,
                actor,
                target == null ? "" : target,
                Base64.getEncoder()
                        .encodeToString(
                                (name == null ? "" : name).getBytes(StandardCharsets.UTF_8)),
                String.join(",", members == null ? List.of() : members),
                admin,
                ts);
    }

    /**
     * Hex SHA-256 of {@link #signingInput()} followed by the signature: what the next entry's
     * {@code prev} names.
     */
    public String hash() {
        return ChainHash.of(signingInput(), sig);
    }

    @Override
    public String toString() {
        return "GroupEntry["
                + group
                + "#"
                + seq
                + " "
                + action
                + " by "
                + actor
                + (target == null ? "" : " on " + target)
                + ", members="
                + members
                + ", admin="
                + admin
                + "]";
    }
}
