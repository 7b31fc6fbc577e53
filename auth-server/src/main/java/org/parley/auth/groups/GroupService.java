package org.parley.auth.groups;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.parley.auth.accounts.Account;
import org.parley.auth.accounts.AccountStore;
import org.parley.auth.http.ApiException;
import org.parley.crypto.GroupChain;
import org.parley.crypto.GroupState;
import org.parley.crypto.primitives.CryptoException;
import org.parley.model.GroupChangeRequest;
import org.parley.model.GroupEntry;
import org.parley.model.GroupListResponse;
import org.parley.model.GroupResponse;
import org.parley.model.Ids;
import org.parley.model.PublicKeys;

/**
 * The groups API (PROTOCOL.md, "Groups"). Clients send signed chain entries; the server checks them
 * with the same rules clients use ({@link GroupChain}) against the accounts' published keys,
 * enforces the member limit, and stores them. It cannot make a change of its own that clients would
 * believe: it holds no member's signing key.
 */
public final class GroupService {

    public static final int DEFAULT_MEMBER_LIMIT = 20;

    private final JdbcGroupStore groups;
    private final AccountStore accounts;
    private final int memberLimit;

    public GroupService(JdbcGroupStore groups, AccountStore accounts, int memberLimit) {
        this.groups = Objects.requireNonNull(groups, "groups");
        this.accounts = Objects.requireNonNull(accounts, "accounts");
        if (memberLimit < 2 || memberLimit > GroupChain.MAX_MEMBERS) {
            throw new IllegalArgumentException(
                    "member limit must be between 2 and " + GroupChain.MAX_MEMBERS);
        }
        this.memberLimit = memberLimit;
    }

    /** {@code POST /groups}: a new group whose first entry the caller signed as its admin. */
    public GroupResponse create(String caller, GroupChangeRequest request) {
        GroupEntry e = entry(request);
        if (!GroupEntry.CREATE.equals(e.action())) {
            throw ApiException.invalidRequest("A new group starts with a 'create' entry.");
        }
        requireActor(caller, e);
        if (e.members() != null && e.members().size() > memberLimit) {
            throw groupFull();
        }
        if (e.members() != null) {
            for (String member : e.members()) {
                if (accounts.find(member).isEmpty()) {
                    throw unknownUser(member);
                }
            }
        }
        try {
            GroupChain.genesis(e, this::keys);
        } catch (CryptoException ex) {
            throw refusal(ex);
        }
        if (!groups.create(e)) {
            throw new ApiException(
                    409, "group_exists", "A group with that id exists; choose another id.");
        }
        return get(caller, e.group());
    }

    /**
     * {@code GET /groups/{id}}: for a member, the whole chain; for a former member, the chain up to
     * their removal (so messages sent to them before it can still be checked); else 404.
     */
    public GroupResponse get(String caller, String id) {
        JdbcGroupStore.StoredGroup g =
                (Ids.isValid(id)
                                ? groups.find(id)
                                : java.util.Optional.<JdbcGroupStore.StoredGroup>empty())
                        .orElseThrow(GroupService::unknownGroup);
        List<GroupEntry> log = g.log();
        int last = -1;
        for (int i = 0; i < log.size(); i++) {
            if (log.get(i).members().contains(caller)) {
                last = i;
            }
        }
        if (last < 0) {
            throw unknownGroup();
        }
        List<GroupEntry> visible = last == log.size() - 1 ? log : log.subList(0, last + 2);
        return response(g, visible);
    }

    /** {@code GET /groups}: the groups the server lists the caller in. */
    public GroupListResponse list(String caller) {
        List<GroupResponse> out = new ArrayList<>();
        for (String id : groups.groupsOf(caller)) {
            groups.find(id).ifPresent(g -> out.add(response(g, g.log())));
        }
        return new GroupListResponse(out);
    }

    /**
     * {@code POST /groups/{id}/<action>}: appends the caller's signed entry.
     *
     * @return the group after the change, or null after {@code delete}
     */
    public @Nullable GroupResponse change(
            String caller, String id, String action, GroupChangeRequest request) {
        if (!Ids.isValid(id)) {
            throw unknownGroup();
        }
        GroupEntry e = entry(request);
        if (!action.equals(e.action())) {
            throw ApiException.invalidRequest(
                    "This endpoint takes a '" + action + "' entry, not '" + e.action() + "'.");
        }
        if (!id.equals(e.group())) {
            throw ApiException.invalidRequest("The entry is for another group.");
        }
        requireActor(caller, e);
        return groups.change(
                        id,
                        current -> {
                            GroupState state = replay(current);
                            if (!state.isMember(caller)) {
                                throw unknownGroup();
                            }
                            if (!GroupEntry.LEAVE.equals(action) && !caller.equals(state.admin())) {
                                throw new ApiException(
                                        403,
                                        "not_group_admin",
                                        "Only the group's admin ("
                                                + state.admin()
                                                + ") may "
                                                + action
                                                + (GroupEntry.ADD.equals(action)
                                                                || GroupEntry.REMOVE.equals(action)
                                                        ? " members."
                                                        : " the group."));
                            }
                            if (GroupEntry.ADD.equals(action)) {
                                if (e.target() == null || accounts.find(e.target()).isEmpty()) {
                                    throw unknownUser(e.target());
                                }
                                if (state.members().size() >= memberLimit) {
                                    throw groupFull();
                                }
                            }
                            try {
                                GroupChain.apply(state, e, this::keys);
                            } catch (CryptoException ex) {
                                throw refusal(ex);
                            }
                            return e;
                        })
                .map(g -> response(g, g.log()))
                .orElse(null);
    }

    /**
     * The stored chain, checked again (it was checked on the way in; a tampered table shows here).
     */
    private GroupState replay(JdbcGroupStore.StoredGroup g) {
        try {
            return GroupChain.verify(g.id(), g.log(), this::keys);
        } catch (CryptoException ex) {
            throw new ApiException(
                    409,
                    "group_corrupt",
                    "The group's stored history does not verify: " + ex.getMessage());
        }
    }

    private static GroupResponse response(JdbcGroupStore.StoredGroup g, List<GroupEntry> log) {
        GroupEntry head = log.get(log.size() - 1);
        String name = Objects.requireNonNull(head.name(), "a checked group entry has a name");
        return new GroupResponse(g.id(), name, head.admin(), g.memberRows(), head.seq(), log);
    }

    private @Nullable PublicKeys keys(String user) {
        return accounts.find(user).map(Account::publicKeys).orElse(null);
    }

    private static GroupEntry entry(GroupChangeRequest request) {
        if (request == null || request.entry() == null) {
            throw ApiException.invalidRequest("The field 'entry' is missing.");
        }
        GroupEntry e = request.entry();
        if (e.action() == null
                || e.actor() == null
                || e.group() == null
                || e.members() == null
                || e.admin() == null
                || e.prev() == null
                || e.sig() == null) {
            throw ApiException.invalidRequest(
                    "The entry lacks one of group, action, actor, admin, members, prev, sig.");
        }
        return e;
    }

    private static void requireActor(String caller, GroupEntry e) {
        if (!caller.equals(e.actor())) {
            throw new ApiException(
                    403, "not_your_entry", "You can only submit changes signed as yourself.");
        }
    }

    private static ApiException refusal(CryptoException ex) {
        String message = Objects.requireNonNullElse(ex.getMessage(), "The change is refused.");
        if (ex instanceof GroupChain.NotAdminException) {
            return new ApiException(403, "not_group_admin", message);
        }
        if (ex instanceof GroupChain.NotMemberException) {
            return new ApiException(404, "not_a_member", message);
        }
        if (message.contains("does not follow")) {
            return new ApiException(409, "stale_group", message);
        }
        return new ApiException(400, "invalid_group_change", message);
    }

    private ApiException groupFull() {
        return new ApiException(
                409,
                "group_full",
                "A group has at most " + memberLimit + " members on this server.");
    }

    static ApiException unknownGroup() {
        return new ApiException(
                404, "unknown_group", "There is no such group, or you are not a member.");
    }

    private static ApiException unknownUser(@Nullable String user) {
        return new ApiException(
                404, "unknown_user", "There is no user " + (user == null ? "" : user) + ".");
    }
}
