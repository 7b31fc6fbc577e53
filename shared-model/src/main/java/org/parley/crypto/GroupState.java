package org.parley.crypto;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.parley.model.GroupEntry;

/**
 * A group's membership as proven by a verified chain: the state after the newest entry, plus the
 * member set of every earlier epoch (receivers check that a message's sender was a member at the
 * epoch the message names). Immutable.
 */
public final class GroupState {

    private final String id;
    private final String name;
    private final String admin;
    private final List<String> members;
    private final long epoch;
    private final String head;
    private final boolean deleted;
    private final List<Set<String>> membersByEpoch;

    GroupState(
            String id,
            String name,
            String admin,
            List<String> members,
            long epoch,
            String head,
            boolean deleted,
            List<Set<String>> membersByEpoch) {
        this.id = id;
        this.name = name;
        this.admin = admin;
        this.members = List.copyOf(members);
        this.epoch = epoch;
        this.head = head;
        this.deleted = deleted;
        this.membersByEpoch = membersByEpoch;
    }

    static GroupState genesis(GroupEntry e) {
        List<Set<String>> epochs = new ArrayList<>();
        epochs.add(new TreeSet<>(e.members()));
        return new GroupState(
                e.group(), validName(e), e.admin(), e.members(), 0, e.hash(), false, epochs);
    }

    /** The entry's name, which {@link GroupChain} has checked before any state is built. */
    private static String validName(GroupEntry e) {
        return Objects.requireNonNull(e.name(), "a checked group entry has a name");
    }

    GroupState next(GroupEntry e) {
        List<Set<String>> epochs = new ArrayList<>(membersByEpoch);
        epochs.add(new TreeSet<>(e.members()));
        return new GroupState(
                id,
                validName(e),
                e.admin(),
                e.members(),
                e.seq(),
                e.hash(),
                GroupEntry.DELETE.equals(e.action()),
                epochs);
    }

    public String id() {
        return id;
    }

    public String name() {
        return name;
    }

    public String admin() {
        return admin;
    }

    /** Sorted. */
    public List<String> members() {
        return members;
    }

    public boolean isMember(String user) {
        return membersByEpoch.get(membersByEpoch.size() - 1).contains(user);
    }

    /**
     * Whether {@code user} was a member during {@code atEpoch}; false for an epoch this chain does
     * not reach.
     */
    public boolean wasMember(String user, long atEpoch) {
        return atEpoch >= 0
                && atEpoch < membersByEpoch.size()
                && membersByEpoch.get((int) atEpoch).contains(user);
    }

    /** The seq of the newest entry. */
    public long epoch() {
        return epoch;
    }

    /** Hash of the newest entry: the {@code prev} of the next one. */
    public String head() {
        return head;
    }

    public boolean deleted() {
        return deleted;
    }

    @Override
    public String toString() {
        return "GroupState["
                + id
                + " '"
                + name
                + "' epoch "
                + epoch
                + ", admin "
                + admin
                + ", members "
                + members
                + (deleted ? ", deleted" : "")
                + "]";
    }
}
