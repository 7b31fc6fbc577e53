package org.parley.crypto;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.parley.crypto.primitives.CryptoException;
import org.parley.crypto.primitives.Ed25519;
import org.parley.model.GroupEntry;
import org.parley.model.Ids;
import org.parley.model.ProtocolVersion;
import org.parley.model.PublicKeys;
import org.parley.model.Usernames;

/**
 * Makes and checks a group's membership chain (docs/PROTOCOL.md, "Groups"). Every entry is signed
 * by its actor and names the hash of the one before; the rules say who may do what (only the admin
 * adds, removes, renames, transfers and deletes; a member other than the admin may leave). Both the
 * auth server (before it stores an entry) and every client (before it believes a membership) run
 * {@link #apply}; a client that verifies the chain from the start cannot be given a member the
 * admin did not sign in.
 */
public final class GroupChain {

    /** The protocol's ceiling; servers configure a lower limit. */
    public static final int MAX_MEMBERS = 1024;

    public static final int MAX_NAME_LENGTH = 64;

    private GroupChain() {}

    /** The first entry of a new group: {@code creator} is the admin and a member. */
    public static GroupEntry create(
            IdentityKeyPair creatorKeys,
            String groupId,
            String creator,
            String name,
            List<String> members,
            long ts) {
        TreeSet<String> all = new TreeSet<>(members);
        all.add(creator);
        GroupEntry unsigned =
                new GroupEntry(
                        ProtocolVersion.CURRENT,
                        groupId,
                        0,
                        "",
                        GroupEntry.CREATE,
                        creator,
                        null,
                        name == null ? null : name.strip(),
                        creator,
                        List.copyOf(all),
                        ts,
                        null);
        return unsigned.withSig(creatorKeys.sign(unsigned.signingInput()));
    }

    /**
     * The entry that applies {@code action} to {@code state}, signed by {@code actor}.
     *
     * @param target the member concerned (add, remove, leave, transfer), else null
     * @param newName for rename, else ignored
     * @throws CryptoException if the rules refuse the change (say who may do it and why not)
     */
    public static GroupEntry next(
            GroupState state,
            IdentityKeyPair actorKeys,
            String actor,
            String action,
            String target,
            String newName,
            long ts)
            throws CryptoException {
        TreeSet<String> members = new TreeSet<>(state.members());
        String admin = state.admin();
        String name = state.name();
        switch (action) {
            case GroupEntry.ADD -> members.add(target);
            case GroupEntry.REMOVE, GroupEntry.LEAVE -> members.remove(target);
            case GroupEntry.TRANSFER -> admin = target;
            case GroupEntry.RENAME -> name = newName == null ? null : newName.strip();
            case GroupEntry.DELETE -> {}
            default -> throw new CryptoException("Unknown group change '" + action + "'.");
        }
        String tgt =
                GroupEntry.RENAME.equals(action) || GroupEntry.DELETE.equals(action)
                        ? null
                        : target;
        GroupEntry unsigned =
                new GroupEntry(
                        ProtocolVersion.CURRENT,
                        state.id(),
                        state.epoch() + 1,
                        state.head(),
                        action,
                        actor,
                        tgt,
                        name,
                        admin,
                        List.copyOf(members),
                        ts,
                        null);
        GroupEntry signed = unsigned.withSig(actorKeys.sign(unsigned.signingInput()));
        apply(state, signed, user -> user.equals(actor) ? actorKeys.publicKeys() : null);
        return signed;
    }

    /**
     * Verifies a whole chain from its first entry.
     *
     * @param keys the pinned public keys of a user (the signer of an entry), or null if unknown
     * @throws CryptoException naming the first entry that breaks a rule or fails its signature
     */
    public static GroupState verify(
            String groupId, List<GroupEntry> log, Function<String, PublicKeys> keys)
            throws CryptoException {
        if (log == null || log.isEmpty()) {
            throw new CryptoException("The group's membership log is empty.");
        }
        GroupState state = genesis(log.get(0), keys);
        if (!state.id().equals(groupId)) {
            throw new CryptoException("The membership log belongs to another group.");
        }
        for (int i = 1; i < log.size(); i++) {
            state = apply(state, log.get(i), keys);
        }
        return state;
    }

    /** Checks a group's first entry (rules and signature). */
    public static GroupState genesis(GroupEntry e, Function<String, PublicKeys> keys)
            throws CryptoException {
        requireShape(e);
        if (!GroupEntry.CREATE.equals(e.action()) || e.seq() != 0 || !e.prev().isEmpty()) {
            throw new CryptoException(
                    "A group's first entry must be 'create' with seq 0 and no previous hash.");
        }
        if (e.target() != null) {
            throw new CryptoException("'create' names no target.");
        }
        if (!e.actor().equals(e.admin()) || !e.members().contains(e.actor())) {
            throw new CryptoException("The creator of a group must be its admin and a member.");
        }
        requireSignature(e, keys);
        return GroupState.genesis(e);
    }

    /**
     * Checks that {@code e} is a valid next entry after {@code state} and returns the new state.
     *
     * @throws CryptoException with a sentence saying which rule {@code e} breaks
     */
    public static GroupState apply(
            GroupState state, GroupEntry e, Function<String, PublicKeys> keys)
            throws CryptoException {
        requireShape(e);
        if (state.deleted()) {
            throw new CryptoException("The group was deleted; it takes no further changes.");
        }
        if (!state.id().equals(e.group())) {
            throw new CryptoException("The change is for another group.");
        }
        if (e.seq() != state.epoch() + 1 || !state.head().equals(e.prev())) {
            throw new CryptoException(
                    "The change does not follow the group's latest state (epoch "
                            + state.epoch()
                            + "); reload the group and try again.");
        }
        String action = e.action();
        if (GroupEntry.CREATE.equals(action)) {
            throw new CryptoException("Only a group's first entry may be 'create'.");
        }
        boolean adminOnly = !GroupEntry.LEAVE.equals(action);
        if (adminOnly && !e.actor().equals(state.admin())) {
            throw new NotAdminException(
                    "Only the group's admin ("
                            + state.admin()
                            + ") may "
                            + action
                            + (GroupEntry.ADD.equals(action) || GroupEntry.REMOVE.equals(action)
                                    ? " members."
                                    : " the group."));
        }
        TreeSet<String> expected = new TreeSet<>(state.members());
        String expectedAdmin = state.admin();
        String expectedName = state.name();
        String target = e.target();
        switch (action) {
            case GroupEntry.ADD -> {
                target = requireTarget(target);
                if (expected.contains(target)) {
                    throw new CryptoException(target + " is already a member.");
                }
                expected.add(target);
            }
            case GroupEntry.REMOVE -> {
                target = requireMember(state, target);
                refuseAdmin(
                        state,
                        target,
                        "The admin cannot be removed; transfer the admin role first.");
                expected.remove(target);
            }
            case GroupEntry.LEAVE -> {
                target = requireMember(state, target);
                if (!target.equals(e.actor())) {
                    throw new CryptoException("Only " + target + " may leave for themselves.");
                }
                refuseAdmin(
                        state,
                        target,
                        "The admin cannot leave; make another member admin first, or delete the group.");
                expected.remove(target);
            }
            case GroupEntry.TRANSFER -> {
                target = requireMember(state, target);
                refuseAdmin(state, target, target + " is already the admin.");
                expectedAdmin = target;
            }
            case GroupEntry.RENAME -> {
                if (target != null) {
                    throw new CryptoException("'rename' names no target.");
                }
                expectedName = e.name();
            }
            case GroupEntry.DELETE -> {
                if (target != null) {
                    throw new CryptoException("'delete' names no target.");
                }
            }
            default -> throw new CryptoException("Unknown group change '" + action + "'.");
        }
        if (!e.members().equals(new ArrayList<>(expected))
                || !e.admin().equals(expectedAdmin)
                || !Objects.equals(e.name(), expectedName)) {
            throw new CryptoException(
                    "The change's member list, admin or name does not follow from the '"
                            + action
                            + "' it records.");
        }
        requireSignature(e, keys);
        return state.next(e);
    }

    private static String requireTarget(@Nullable String target) throws CryptoException {
        if (target == null) {
            throw new CryptoException("The change names no member.");
        }
        return target;
    }

    private static String requireMember(GroupState state, @Nullable String target)
            throws CryptoException {
        String member = requireTarget(target);
        if (!state.isMember(member)) {
            throw new NotMemberException(member + " is not a member of the group.");
        }
        return member;
    }

    /** Fails with {@code refusal} when {@code member} is the group's admin. */
    private static void refuseAdmin(GroupState state, String member, String refusal)
            throws CryptoException {
        if (member.equals(state.admin())) {
            throw new CryptoException(refusal);
        }
    }

    private static void requireShape(GroupEntry e) throws CryptoException {
        if (e == null) {
            throw new CryptoException("The membership entry is missing.");
        }
        if (!ProtocolVersion.isSupported(e.v())) {
            throw new CryptoException(
                    "The membership entry uses protocol version "
                            + e.v()
                            + ", which this app does not know.");
        }
        if (!Ids.isValid(e.group())) {
            throw new CryptoException("The group id is not 32 lowercase hex characters.");
        }
        if (e.prev() == null || !(e.prev().isEmpty() || e.prev().matches("[0-9a-f]{64}"))) {
            throw new CryptoException("The previous-entry hash is malformed.");
        }
        if (e.action() == null || !GroupEntry.ACTIONS.contains(e.action())) {
            throw new CryptoException("The membership entry has an unknown action.");
        }
        if (!Usernames.isValid(e.actor())
                || !Usernames.isValid(e.admin())
                || (e.target() != null && !Usernames.isValid(e.target()))) {
            throw new CryptoException("The membership entry names an invalid username.");
        }
        requireName(e.name());
        if (e.members() == null || e.members().isEmpty()) {
            throw new CryptoException("A group has at least one member.");
        }
        if (e.members().size() > MAX_MEMBERS) {
            throw new CryptoException("A group has at most " + MAX_MEMBERS + " members.");
        }
        String last = null;
        for (String m : e.members()) {
            if (!Usernames.isValid(m)) {
                throw new CryptoException("The member list names an invalid username.");
            }
            if (last != null && last.compareTo(m) >= 0) {
                throw new CryptoException("The member list must be sorted and without repeats.");
            }
            last = m;
        }
        if (e.ts() < 0) {
            throw new CryptoException("The membership entry's timestamp is negative.");
        }
        if (e.sig() == null || e.sig().length != Ed25519.SIGNATURE_BYTES) {
            throw new CryptoException(
                    "The membership entry's signature is missing or not 64 bytes.");
        }
    }

    /** 1 to 64 characters after stripping, no control characters. */
    public static void requireName(@Nullable String name) throws CryptoException {
        if (name == null || name.isBlank()) {
            throw new CryptoException("A group needs a name.");
        }
        if (!name.equals(name.strip()) || name.length() > MAX_NAME_LENGTH) {
            throw new CryptoException(
                    "A group name is 1 to "
                            + MAX_NAME_LENGTH
                            + " characters without leading or trailing spaces.");
        }
        if (name.codePoints().anyMatch(Character::isISOControl)) {
            throw new CryptoException("A group name must not contain control characters.");
        }
    }

    private static void requireSignature(GroupEntry e, Function<String, PublicKeys> keys)
            throws CryptoException {
        PublicKeys signer = keys.apply(e.actor());
        if (signer == null) {
            throw new CryptoException(
                    "The keys of " + e.actor() + ", who signed a membership change, are unknown.");
        }
        if (!Ed25519.verify(signer.signing(), e.signingInput(), e.sig())) {
            throw new CryptoException(
                    "A membership change claiming to be by "
                            + e.actor()
                            + " has no valid signature of theirs.");
        }
    }

    /** The change is admin-only and the actor is not the admin. */
    public static final class NotAdminException extends CryptoException {
        private static final long serialVersionUID = 1L;

        NotAdminException(String message) {
            super(message);
        }
    }

    /** The change names someone who is not a member. */
    public static final class NotMemberException extends CryptoException {
        private static final long serialVersionUID = 1L;

        NotMemberException(String message) {
            super(message);
        }
    }
}
