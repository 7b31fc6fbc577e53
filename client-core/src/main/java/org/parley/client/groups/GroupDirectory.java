package org.parley.client.groups;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.parley.client.GroupInfo;
import org.parley.client.auth.AuthApiClient;
import org.parley.client.auth.TokenKeeper;
import org.parley.client.contacts.ContactService;
import org.parley.client.exceptions.ProtocolException;
import org.parley.client.exceptions.ServerErrorException;
import org.parley.client.exceptions.ServerUnavailableException;
import org.parley.client.exceptions.SessionExpiredException;
import org.parley.client.exceptions.UnknownGroupException;
import org.parley.crypto.GroupChain;
import org.parley.crypto.GroupState;
import org.parley.crypto.primitives.CryptoException;
import org.parley.model.GroupChangeRequest;
import org.parley.model.GroupEntry;
import org.parley.model.GroupListResponse;
import org.parley.model.GroupResponse;
import org.parley.model.PublicKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches groups from the auth server and believes only what their membership chains prove: every
 * entry is checked with {@link GroupChain} against the signer's pinned key (trust on first use, as
 * for 1:1 contacts). A member the server lists without a signed entry is reported as unverified and
 * otherwise ignored. Keeps the newest verified state per group in memory and never goes back to an
 * older one within a session.
 */
public final class GroupDirectory {
    private static final Logger log = LoggerFactory.getLogger(GroupDirectory.class);

    /** A verified chain and what the server claimed alongside it. */
    record Verified(GroupState state, List<GroupEntry> log, List<String> serverMembers) {}

    private final String me;
    private final PublicKeys myKeys;
    private final AuthApiClient api;
    private final TokenKeeper tokens;
    private final ContactService contacts;
    private final Map<String, Verified> cache = new ConcurrentHashMap<>();

    /** When (System.nanoTime) the fetch that last confirmed each cached state started. */
    private final Map<String, Long> confirmedAt = new ConcurrentHashMap<>();

    public GroupDirectory(
            String me,
            PublicKeys myKeys,
            AuthApiClient api,
            TokenKeeper tokens,
            ContactService contacts) {
        this.me = me;
        this.myKeys = myKeys;
        this.api = api;
        this.tokens = tokens;
        this.contacts = contacts;
    }

    Optional<Verified> cached(String groupId) {
        return Optional.ofNullable(cache.get(groupId));
    }

    /**
     * Fetches and verifies one group.
     *
     * @throws UnknownGroupException if the server has it not (or not for me)
     * @throws ProtocolException if its chain does not verify
     */
    Verified fetch(String groupId) {
        long started = System.nanoTime();
        GroupResponse r;
        try {
            r =
                    call(
                            () ->
                                    api.getJson(
                                            "/groups/" + groupId,
                                            tokens.current(),
                                            GroupResponse.class,
                                            null));
        } catch (ServerErrorException e) {
            if (e.status() == 404) {
                cache.remove(groupId);
                confirmedAt.remove(groupId);
                throw new UnknownGroupException(groupId);
            }
            throw e;
        }
        Verified v = accept(groupId, r);
        confirmedAt.merge(groupId, started, Math::max);
        return v;
    }

    /**
     * The state to judge a received group message by: the receiver's current verified state,
     * confirmed by the server after {@code takenNanos} (when the message was taken from the inbox),
     * so a removal the server had recorded before then is seen; one fetch serves every message of
     * the same batch. While the server cannot be reached, the newest state verified so far, if it
     * reaches {@code epoch}.
     *
     * @throws ServerUnavailableException if the server cannot be reached and nothing cached reaches
     *     {@code epoch}
     */
    Verified forReceiving(String groupId, long epoch, long takenNanos) {
        Verified v = cache.get(groupId);
        Long confirmed = confirmedAt.get(groupId);
        if (v != null
                && v.state().epoch() >= epoch
                && confirmed != null
                && confirmed - takenNanos >= 0) {
            return v;
        }
        try {
            return fetch(groupId);
        } catch (ServerUnavailableException e) {
            if (v != null && v.state().epoch() >= epoch) {
                return cache.getOrDefault(groupId, v);
            }
            throw e;
        }
    }

    /** The freshest state: from the server, or from memory while the server cannot be reached. */
    Verified current(String groupId) {
        try {
            return fetch(groupId);
        } catch (ServerUnavailableException e) {
            Verified v = cache.get(groupId);
            if (v == null) {
                throw e;
            }
            return v;
        }
    }

    /** The groups the server lists me in whose chains verify with me as a current member. */
    List<Verified> list() {
        GroupListResponse r =
                call(() -> api.getJson("/groups", tokens.current(), GroupListResponse.class, null));
        List<Verified> out = new ArrayList<>();
        if (r.groups() == null) {
            return out;
        }
        for (GroupResponse g : r.groups()) {
            try {
                Verified v = accept(g.id(), g);
                if (v.state().isMember(me)) {
                    out.add(v);
                } else {
                    log.warn(
                            "The server lists {} in group {}, but no signed entry makes them a member; ignored",
                            me,
                            g.id());
                }
            } catch (ProtocolException e) {
                log.warn("Ignoring group {}: {}", g.id(), e.getMessage());
            }
        }
        return out;
    }

    /** Posts a signed entry and verifies the group the server answers with. */
    /** The group as the server now has it; {@code null} after a delete. */
    @Nullable Verified submit(
            String groupId, String path, GroupEntry entry, @Nullable String subject) {

        GroupResponse r =
                call(
                        () ->
                                api.postJson(
                                        path,
                                        new GroupChangeRequest(entry),
                                        tokens.current(),
                                        GroupResponse.class,
                                        subject));
        if (GroupEntry.DELETE.equals(entry.action())) {
            cache.remove(groupId);
            confirmedAt.remove(groupId);
            return null;
        }
        return accept(groupId, r);
    }

    private Verified accept(String groupId, GroupResponse r) {
        if (r == null || r.log() == null || !groupId.equals(r.id())) {
            throw new ProtocolException("The server sent a group this client does not understand.");
        }
        GroupState state;
        try {
            state = GroupChain.verify(groupId, r.log(), pinnedKeysOf(r.log()));
        } catch (CryptoException e) {
            throw new ProtocolException(
                    "The membership history of group "
                            + groupId
                            + " does not verify: "
                            + e.getMessage());
        }
        Verified v =
                new Verified(
                        state,
                        List.copyOf(r.log()),
                        r.members() == null ? List.of() : List.copyOf(r.members()));
        // Never step back to an older state (a server replaying an old chain).
        Verified merged =
                cache.merge(
                        groupId,
                        v,
                        (old, neu) -> neu.state().epoch() >= old.state().epoch() ? neu : old);
        return merged;
    }

    /** The signers' keys, pinned first (on first use) so verification itself needs no network. */
    private java.util.function.Function<String, PublicKeys> pinnedKeysOf(List<GroupEntry> log) {
        Map<String, PublicKeys> keys = new HashMap<>();
        for (GroupEntry e : log) {
            if (e != null && e.actor() != null && !keys.containsKey(e.actor())) {
                keys.put(
                        e.actor(),
                        e.actor().equals(me) ? myKeys : contacts.keysForReceiving(e.actor()));
            }
        }
        return keys::get;
    }

    private <T> T call(java.util.function.Supplier<T> request) {
        try {
            return request.get();
        } catch (SessionExpiredException e) {
            tokens.renew();
            return request.get();
        }
    }

    GroupInfo info(Verified v) {
        List<String> unverified = new ArrayList<>();
        for (String m : v.serverMembers()) {
            if (!v.state().isMember(m)) {
                unverified.add(m);
            }
        }
        List<GroupInfo.MembershipChange> changes = new ArrayList<>();
        for (GroupEntry e : v.log()) {
            changes.add(
                    new GroupInfo.MembershipChange(
                            e.seq(), e.action(), e.actor(), e.target(), e.name(), e.ts()));
        }
        GroupState s = v.state();
        return new GroupInfo(
                s.id(), s.name(), s.admin(), s.members(), s.epoch(), unverified, changes);
    }
}
