package org.parley.client;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A group as this client believes it: everything here follows from the membership chain, verified
 * entry by entry against the signers' pinned keys.
 *
 * @param members sorted, proven by the chain
 * @param epoch seq of the newest verified entry
 * @param unverifiedMembers names the server lists as members that no signed entry backs: ignored
 *     (never sent anything), shown only as a warning
 * @param changes every membership change, oldest first, for system lines in a conversation
 */
public record GroupInfo(
        String id,
        String name,
        String admin,
        List<String> members,
        long epoch,
        List<String> unverifiedMembers,
        List<MembershipChange> changes) {

    public GroupInfo {
        members = List.copyOf(members);
        unverifiedMembers = List.copyOf(unverifiedMembers);
        changes = List.copyOf(changes);
    }

    public boolean isAdmin(String user) {
        return admin.equals(user);
    }

    public boolean isMember(String user) {
        return members.contains(user);
    }

    /** The conversation key of this group in {@code Session.conversations()}. */
    public String conversationKey() {
        return Groups.conversationKey(id);
    }

    /**
     * One verified entry of the chain.
     *
     * @param action create, add, remove, leave, rename, transfer or delete
     * @param target the member concerned, or null
     */
    public record MembershipChange(
            long epoch,
            String action,
            String actor,
            @Nullable String target,
            @Nullable String name,
            long ts) {

        /** A sentence for a system line, e.g. "alice added bob". */
        public String describe() {
            return switch (action) {
                case "create" -> actor + " created the group \u201c" + name + "\u201d";
                case "add" -> actor + " added " + target;
                case "remove" -> actor + " removed " + target;
                case "leave" -> target + " left";
                case "rename" -> actor + " renamed the group to \u201c" + name + "\u201d";
                case "transfer" -> actor + " made " + target + " admin";
                case "delete" -> actor + " deleted the group";
                default -> actor + " changed the group";
            };
        }
    }
}
