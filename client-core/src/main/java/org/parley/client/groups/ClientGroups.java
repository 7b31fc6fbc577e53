package org.parley.client.groups;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.parley.client.GroupInfo;
import org.parley.client.Groups;
import org.parley.client.OutgoingMessage;
import org.parley.client.SessionListener;
import org.parley.client.StoredMessage;
import org.parley.client.contacts.UsernameInput;
import org.parley.client.envelopes.SendLane;
import org.parley.client.exceptions.InvalidInputException;
import org.parley.client.exceptions.ParleyException;
import org.parley.client.exceptions.SendFailedException;
import org.parley.client.exceptions.SessionClosedException;
import org.parley.client.exceptions.UnknownGroupException;
import org.parley.crypto.GroupChain;
import org.parley.crypto.GroupState;
import org.parley.crypto.IdentityKeyPair;
import org.parley.crypto.primitives.CryptoException;
import org.parley.model.GroupEntry;
import org.parley.model.Ids;

/**
 * {@link Groups} of one session: signs membership changes with the identity key and submits them.
 */
public final class ClientGroups implements Groups {

    private final String me;
    private final IdentityKeyPair identity;
    private final GroupDirectory directory;
    private final GroupMessageService messages;
    private final ProfileStoreView store;
    private final Executor executor;
    private final SendLane sends;
    private final Clock clock;
    private final Supplier<Boolean> closed;
    private final SessionListener events;
    private final java.util.function.BiFunction<
                    String, java.nio.file.Path, org.parley.client.FileTransfer>
            files;

    /** The two reads of the profile this class needs. */
    public interface ProfileStoreView {
        List<StoredMessage> history(String conversation);
    }

    public ClientGroups(
            String me,
            IdentityKeyPair identity,
            GroupDirectory directory,
            GroupMessageService messages,
            ProfileStoreView store,
            Executor executor,
            SendLane sends,
            Clock clock,
            Supplier<Boolean> closed,
            SessionListener events,
            java.util.function.BiFunction<
                            String, java.nio.file.Path, org.parley.client.FileTransfer>
                    files) {
        this.files = files;
        this.me = me;
        this.identity = identity;
        this.directory = directory;
        this.messages = messages;
        this.store = store;
        this.executor = executor;
        this.sends = sends;
        this.clock = clock;
        this.closed = closed;
        this.events = events;
    }

    private <T> CompletableFuture<T> async(Supplier<T> work) {
        if (closed.get()) {
            return CompletableFuture.failedFuture(new SessionClosedException());
        }
        return CompletableFuture.supplyAsync(work, executor);
    }

    private static String groupId(String raw) {
        String id = raw == null ? "" : raw.trim();
        if (id.startsWith(CONVERSATION_PREFIX)) {
            id = id.substring(1);
        }
        if (!Ids.isValid(id)) {
            throw new InvalidInputException("A group id is 32 lowercase hex characters.");
        }
        return id;
    }

    private GroupInfo publish(GroupDirectory.@Nullable Verified v) {
        GroupInfo info =
                directory.info(Objects.requireNonNull(v, "only a delete answers without a group"));
        events.onGroupChanged(info);
        return info;
    }

    @Override
    public CompletableFuture<GroupInfo> create(String name, Collection<String> members) {
        return async(
                () -> {
                    TreeSet<String> all = new TreeSet<>();
                    for (String m : members) {
                        all.add(UsernameInput.normalize(m));
                    }
                    all.add(me);
                    try {
                        GroupChain.requireName(name == null ? null : name.strip());
                    } catch (CryptoException e) {
                        throw new InvalidInputException(
                                Objects.requireNonNullElse(e.getMessage(), "Invalid group name."));
                    }
                    String id = Ids.newId();
                    GroupEntry genesis =
                            GroupChain.create(
                                    identity, id, me, name, new ArrayList<>(all), clock.millis());
                    return publish(directory.submit(id, "/groups", genesis, null));
                });
    }

    @Override
    public CompletableFuture<List<GroupInfo>> list() {
        return async(() -> directory.list().stream().map(directory::info).toList());
    }

    @Override
    public CompletableFuture<GroupInfo> refresh(String groupId) {
        return async(() -> directory.info(directory.fetch(groupId(groupId))));
    }

    @Override
    public Optional<GroupInfo> cached(String groupId) {
        return directory.cached(groupId(groupId)).map(directory::info);
    }

    // GroupChain.next documents null target and newName for the actions without them, but its
    // signature (shared-model) does not say so yet.
    @SuppressWarnings("NullAway")
    private GroupDirectory.@Nullable Verified change(
            String rawId, String action, @Nullable String target, @Nullable String newName) {
        String id = groupId(rawId);
        GroupState state = directory.fetch(id).state();
        if (!state.isMember(me)) {
            throw new UnknownGroupException(id);
        }
        GroupEntry entry;
        try {
            entry = GroupChain.next(state, identity, me, action, target, newName, clock.millis());
        } catch (CryptoException e) {
            throw new InvalidInputException(
                    Objects.requireNonNullElse(e.getMessage(), "The group change was refused."));
        }
        return directory.submit(id, "/groups/" + id + "/" + action, entry, target);
    }

    /** Applies {@code action} on {@code user} and reports the group as it is afterwards. */
    private CompletableFuture<GroupInfo> changeMember(String groupId, String action, String user) {
        return async(() -> publish(change(groupId, action, UsernameInput.normalize(user), null)));
    }

    /** Leaves or deletes: afterwards there is no group of mine to report. */
    private CompletableFuture<Void> endForMe(
            String groupId, String action, @Nullable String target) {
        return async(
                () -> {
                    change(groupId, action, target, null);
                    return null;
                });
    }

    @Override
    public CompletableFuture<GroupInfo> add(String groupId, String user) {
        return changeMember(groupId, GroupEntry.ADD, user);
    }

    @Override
    public CompletableFuture<GroupInfo> remove(String groupId, String user) {
        return changeMember(groupId, GroupEntry.REMOVE, user);
    }

    @Override
    public CompletableFuture<Void> leave(String groupId) {
        return endForMe(groupId, GroupEntry.LEAVE, me);
    }

    @Override
    public CompletableFuture<GroupInfo> rename(String groupId, String name) {
        return async(() -> publish(change(groupId, GroupEntry.RENAME, null, name)));
    }

    @Override
    public CompletableFuture<GroupInfo> transferAdmin(String groupId, String user) {
        return changeMember(groupId, GroupEntry.TRANSFER, user);
    }

    @Override
    public CompletableFuture<Void> delete(String groupId) {
        return endForMe(groupId, GroupEntry.DELETE, null);
    }

    // The nested future is flattened by thenCompose.
    @Override
    @SuppressWarnings("FutureReturnValueIgnored")
    public CompletableFuture<OutgoingMessage> sendText(String groupId, String text) {
        return sends.submit(() -> messages.sendText(groupId(groupId), text));
    }

    /** The file service takes the group's conversation key, as {@code Session.sendFile} does. */
    @Override
    public org.parley.client.FileTransfer sendFile(String groupId, java.nio.file.Path file) {
        String id;
        try {
            id = groupId(groupId);
        } catch (ParleyException e) {
            org.parley.client.FileTransfer t =
                    new org.parley.client.FileTransfer(
                            String.valueOf(file == null ? null : file.getFileName()), 0);
            t.result().completeExceptionally(new SendFailedException(e, false));
            return t;
        }
        return files.apply(Groups.conversationKey(id), file);
    }

    @Override
    public List<StoredMessage> history(String groupId) {
        return store.history(Groups.conversationKey(groupId(groupId)));
    }
}
