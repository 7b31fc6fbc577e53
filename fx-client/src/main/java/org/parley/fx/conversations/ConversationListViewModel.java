package org.parley.fx.conversations;

import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import javafx.beans.Observable;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;
import javafx.collections.transformation.SortedList;
import org.jspecify.annotations.Nullable;
import org.parley.client.Contact;
import org.parley.client.Conversation;
import org.parley.client.Session;
import org.parley.client.StoredMessage;
import org.parley.fx.common.Async;
import org.parley.fx.common.TimeLabels;

/**
 * The sidebar: every conversation, most recent first, filtered by the search field. The local store
 * is the authority for last messages and unread counts: after each event the list is read again in
 * the background (coalesced), after any "mark read" queued before it.
 */
public final class ConversationListViewModel {
    private static final int PREVIEW_LENGTH = 80;
    private static final String GROUP_PREFIX = org.parley.client.Groups.CONVERSATION_PREFIX;

    private final Session session;
    private final Async async;
    private final TimeLabels time;
    private final LongSupplier now;

    private final ObservableList<ConversationItem> all =
            FXCollections.observableArrayList(
                    item -> new Observable[] {item.lastActivityProperty()});
    private final FilteredList<ConversationItem> filtered = new FilteredList<>(all);
    private final SortedList<ConversationItem> sorted =
            new SortedList<>(
                    filtered,
                    Comparator.comparingLong((ConversationItem i) -> i.lastActivityProperty().get())
                            .reversed()
                            .thenComparing(ConversationItem::peer));
    private final Map<String, ConversationItem> byPeer = new HashMap<>();
    private final StringProperty filter = new SimpleStringProperty("");
    private final ReadOnlyBooleanWrapper empty = new ReadOnlyBooleanWrapper(true);

    /** Peers whose presence this session follows; touched in the background only. */
    private final Set<String> followed = new HashSet<>();

    private final AtomicBoolean refreshQueued = new AtomicBoolean();

    public ConversationListViewModel(
            Session session, Async async, TimeLabels time, LongSupplier now) {
        this.session = Objects.requireNonNull(session);
        this.async = Objects.requireNonNull(async);
        this.time = Objects.requireNonNull(time);
        this.now = Objects.requireNonNull(now);
        filtered.predicateProperty()
                .bind(
                        Bindings.createObjectBinding(
                                () -> {
                                    String f =
                                            filter.get() == null
                                                    ? ""
                                                    : filter.get().trim().toLowerCase(Locale.ROOT);
                                    if (f.isEmpty()) {
                                        return item -> true;
                                    }
                                    return item ->
                                            item.peer().contains(f)
                                                    || item.previewProperty()
                                                            .get()
                                                            .toLowerCase(Locale.ROOT)
                                                            .contains(f);
                                },
                                filter));
        empty.bind(Bindings.isEmpty(all));
    }

    /**
     * Reads the conversations from the local store (in the background) and follows presence; lists
     * my groups.
     */
    public void load() {
        refresh();
        loadGroups();
    }

    /**
     * Fetches my groups (verified) so each has a line with its name, also before its first message.
     */
    public void loadGroups() {
        async.await(session.groups().list(), list -> list.forEach(this::onGroup), e -> {});
    }

    /** A group was created or changed: its line shows its current name. */
    public void onGroup(org.parley.client.GroupInfo group) {
        boolean known = byPeer.containsKey(group.conversationKey());
        ConversationItem item = item(group.conversationKey(), now.getAsLong());
        if (!known) {
            item.setLast(
                    "",
                    "",
                    group.changes().isEmpty()
                            ? now.getAsLong()
                            : group.changes().get(group.changes().size() - 1).ts());
        }
        item.setTitle(group.name());
    }

    /** Queues a re-read of the store unless one is already queued and not yet started. */
    public void refresh() {
        if (!refreshQueued.compareAndSet(false, true)) {
            return;
        }
        async.supply(
                () -> {
                    refreshQueued.set(false);
                    Snapshot s = new Snapshot(session.conversations(), session.contacts());
                    for (Conversation c : s.conversations()) {
                        if (!c.peer().startsWith(GROUP_PREFIX) && followed.add(c.peer())) {
                            session.subscribePresence(c.peer());
                        }
                    }
                    return s;
                },
                this::apply,
                e -> refreshQueued.set(false));
    }

    private record Snapshot(List<Conversation> conversations, List<Contact> contacts) {}

    private void apply(Snapshot s) {
        for (Conversation c : s.conversations()) {
            ConversationItem item = item(c.peer(), c.lastActivity());
            StoredMessage last = c.lastMessage();
            if (last != null && c.lastActivity() >= item.lastActivityProperty().get()) {
                item.setLast(preview(last), time.compact(last.sentAt()), c.lastActivity());
            }
            item.setUnread(c.unreadCount());
        }
        for (Contact c : s.contacts()) {
            ConversationItem item = byPeer.get(c.username());
            if (item != null) {
                item.setKeyChanged(c.sendingBlocked());
            }
        }
    }

    /** Shows a message at once (the next store read confirms it and brings the unread count). */
    public void onMessage(StoredMessage m) {
        ConversationItem item = item(m.peer(), m.storedAt());
        if (m.storedAt() >= item.lastActivityProperty().get()) {
            item.setLast(preview(m), time.compact(m.sentAt()), m.storedAt());
        }
        if (item.isGroup() && "Group".equals(item.titleProperty().get())) {
            org.parley.client.Groups.groupOf(m.peer())
                    .ifPresent(
                            id ->
                                    async.await(
                                            session.groups().refresh(id), this::onGroup, e -> {}));
        }
        refresh();
    }

    public void onPresence(String user, boolean online) {
        ConversationItem item = byPeer.get(user);
        if (item != null) {
            item.setOnline(online);
        }
    }

    /** The presence last reported for {@code user}. */
    public boolean isOnline(String user) {
        ConversationItem item = byPeer.get(user);
        return item != null && item.onlineProperty().get();
    }

    public void onKeyChanged(String user) {
        refresh();
    }

    /** Makes sure {@code peer} has a line (a new chat), at the top, and follows their presence. */
    public ConversationItem ensure(String peer) {
        boolean known = byPeer.containsKey(peer);
        ConversationItem item = item(peer, now.getAsLong());
        if (!known) {
            item.setLast("", "", now.getAsLong());
            async.run(
                    () -> {
                        if (followed.add(peer)) {
                            session.subscribePresence(peer);
                        }
                    },
                    e -> {});
        }
        return item;
    }

    /**
     * The conversation is being read: its badge goes at once, the store is told in the background.
     */
    public void markRead(String peer) {
        ConversationItem item = byPeer.get(peer);
        if (item != null && item.unreadProperty().get() > 0) {
            item.setUnread(0);
        }
        async.run(() -> session.markRead(peer), e -> {});
        refresh();
    }

    public @Nullable ConversationItem find(String peer) {
        return byPeer.get(peer);
    }

    private ConversationItem item(String peer, long activity) {
        ConversationItem item = byPeer.get(peer);
        if (item == null) {
            item = new ConversationItem(peer, activity);
            byPeer.put(peer, item);
            all.add(item);
        }
        return item;
    }

    private static String preview(StoredMessage m) {
        String oneLine =
                org.parley.client.files.FileMessages.preview(m.text())
                        .strip()
                        .replaceAll("\\s+", " ");
        if (oneLine.length() > PREVIEW_LENGTH) {
            oneLine = oneLine.substring(0, PREVIEW_LENGTH - 1) + "…";
        }
        if (m.incoming() && m.peer().startsWith(GROUP_PREFIX)) {
            return m.from() + ": " + oneLine;
        }
        return m.incoming() ? oneLine : "You: " + oneLine;
    }

    /** The conversations to show: filtered and most recent first. */
    public ObservableList<ConversationItem> items() {
        return sorted;
    }

    public StringProperty filterProperty() {
        return filter;
    }

    /** No conversation at all yet (not: none matches the filter). */
    public ReadOnlyBooleanProperty emptyProperty() {
        return empty.getReadOnlyProperty();
    }
}
