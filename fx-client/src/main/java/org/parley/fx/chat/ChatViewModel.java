package org.parley.fx.chat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.jspecify.annotations.Nullable;
import org.parley.client.Contact;
import org.parley.client.GroupInfo;
import org.parley.client.Groups;
import org.parley.client.MessageState;
import org.parley.client.Session;
import org.parley.client.StoredMessage;
import org.parley.client.exceptions.KeyChangedException;
import org.parley.client.exceptions.SendFailedException;
import org.parley.fx.common.Async;
import org.parley.fx.common.ErrorMessages;
import org.parley.fx.common.TimeLabels;

/**
 * The open conversation: its messages with day separators, the composer and its character limit,
 * sending, and whether sending is blocked by a key change. History is read off the UI thread;
 * events arrive on the UI thread from the main screen.
 */
public final class ChatViewModel {
    /** How many characters before the limit the counter appears. */
    static final int COUNTER_MARGIN = 500;

    private final Session session;
    private final Async async;
    private final TimeLabels time;
    private final int maxLength;

    private final ReadOnlyStringWrapper peer = new ReadOnlyStringWrapper(null);

    /** The peer's name, or the group's name for a group conversation. */
    private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper(null);

    private final ReadOnlyBooleanWrapper groupConversation = new ReadOnlyBooleanWrapper(false);

    /** Membership lines of the open group conversation. */
    private List<SystemLine> systemLines = List.of();

    private final ObservableList<ChatRow> rows = FXCollections.observableArrayList();
    private final ObservableList<ChatRow> readOnlyRows =
            FXCollections.unmodifiableObservableList(rows);
    private final StringProperty draft = new SimpleStringProperty("");
    private final ReadOnlyIntegerWrapper remaining = new ReadOnlyIntegerWrapper();
    private final ReadOnlyBooleanWrapper counterVisible = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper overLimit = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper counterText = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper canSend = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper sendError = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper keyWarning = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper sendingBlocked = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper peerOnline = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper(false);

    /** Messages of the open conversation, oldest first, by id. */
    private final LinkedHashMap<String, MessageItem> items = new LinkedHashMap<>();

    private final Map<String, String> drafts = new HashMap<>();
    private final ChatFiles files;

    /** Bumped on every open, so a late history load for another conversation is ignored. */
    private int generation;

    public ChatViewModel(Session session, Async async, TimeLabels time, int maxLength) {
        this.files = new ChatFiles(session, async);
        this.session = Objects.requireNonNull(session);
        this.async = Objects.requireNonNull(async);
        this.time = Objects.requireNonNull(time);
        this.maxLength = maxLength;
        remaining.bind(
                Bindings.createIntegerBinding(() -> maxLength - draft.get().length(), draft));
        overLimit.bind(remaining.lessThan(0));
        counterVisible.bind(remaining.lessThanOrEqualTo(COUNTER_MARGIN));
        counterText.bind(
                Bindings.createStringBinding(
                        () ->
                                remaining.get() >= 0
                                        ? remaining.get()
                                                + (remaining.get() == 1
                                                        ? " character left"
                                                        : " characters left")
                                        : -remaining.get() + " over the limit of " + maxLength,
                        remaining));
        canSend.bind(
                Bindings.createBooleanBinding(
                        () ->
                                peer.get() != null
                                        && !draft.get().isBlank()
                                        && remaining.get() >= 0
                                        && !sendingBlocked.get(),
                        peer,
                        draft,
                        remaining,
                        sendingBlocked));
    }

    /** Shows the conversation with {@code user} (history is loaded in the background). */
    public void open(String user) {
        Objects.requireNonNull(user);
        if (user.equals(peer.get())) {
            return;
        }
        saveDraft();
        int gen = ++generation;
        Optional<String> group = Groups.groupOf(user);
        groupConversation.set(group.isPresent());
        systemLines = List.of();
        title.set(
                group.isPresent()
                        ? session.groups().cached(group.get()).map(GroupInfo::name).orElse("Group")
                        : user);
        peer.set(user);
        items.clear();
        rows.clear();
        sendError.set("");
        keyWarning.set("");
        sendingBlocked.set(false);
        peerOnline.set(false);
        draft.set(drafts.getOrDefault(user, ""));
        loading.set(true);
        async.supply(
                () ->
                        new Loaded(
                                session.history(user),
                                contactOf(user),
                                group.flatMap(this::fetchGroup)),
                loaded -> {
                    if (gen != generation) {
                        return;
                    }
                    loading.set(false);
                    loaded.group().ifPresent(this::applyGroup);
                    merge(loaded.history());
                    applyContact(loaded.contact());
                },
                e -> {
                    if (gen == generation) {
                        loading.set(false);
                        sendError.set(ErrorMessages.of(e));
                    }
                });
    }

    /** No conversation open. */
    public void close() {
        saveDraft();
        generation++;
        peer.set(null);
        items.clear();
        rows.clear();
        draft.set("");
        sendError.set("");
        keyWarning.set("");
        sendingBlocked.set(false);
    }

    private void saveDraft() {
        if (peer.get() != null) {
            drafts.put(peer.get(), draft.get());
        }
    }

    private record Loaded(
            List<StoredMessage> history, Optional<Contact> contact, Optional<GroupInfo> group) {}

    /** Fresh from the server (verified); the cached state while it cannot be reached. Blocking. */
    private Optional<GroupInfo> fetchGroup(String id) {
        try {
            return Optional.of(session.groups().refresh(id).join());
        } catch (RuntimeException e) {
            return session.groups().cached(id);
        }
    }

    private void applyGroup(GroupInfo info) {
        title.set(info.name());
        List<SystemLine> lines = new ArrayList<>();
        for (GroupInfo.MembershipChange c : info.changes()) {
            lines.add(
                    new SystemLine(
                            "system-" + info.id() + "-" + c.epoch(),
                            c.ts(),
                            time.day(c.ts()),
                            c.describe()));
        }
        systemLines = List.copyOf(lines);
    }

    /** This session changed a group: if it is open, its title and membership lines follow. */
    public void onGroup(GroupInfo info) {
        if (!info.conversationKey().equals(peer.get())) {
            return;
        }
        applyGroup(info);
        String user = peer.get();
        int gen = generation;
        async.supply(
                () -> session.history(user),
                history -> {
                    if (gen == generation) {
                        merge(history);
                    }
                },
                e -> {});
    }

    private Optional<Contact> contactOf(String user) {
        return session.contacts().stream().filter(c -> c.username().equals(user)).findFirst();
    }

    /**
     * Sends the draft; returns at once (the message shows as "sending" through the session's
     * events). client-core keeps the order of texts sent in quick succession.
     */
    public void send() {
        if (!canSend.get()) {
            return;
        }
        String to = peer.get();
        String text = draft.get().strip();
        draft.set("");
        sendError.set("");
        async.await(
                session.sendText(to, text),
                sent -> {},
                e -> {
                    if (!to.equals(peer.get())) {
                        return;
                    }
                    sendError.set(ErrorMessages.of(e));
                    boolean kept = e instanceof SendFailedException f && f.kept();
                    if (!kept && draft.get().isEmpty()) {
                        draft.set(text); // nothing was kept: give the text back
                    }
                    if (SendFailedException.reasonOf(e) instanceof KeyChangedException) {
                        refreshContact();
                    }
                });
    }

    // ---- files -----------------------------------------------------------------------------

    /** Files being sent from this chat, with progress and cancel. */
    public ObservableList<org.parley.fx.files.Upload> uploads() {
        return files.uploads();
    }

    /**
     * Sends a file to the open conversation; returns at once. Errors (too large, failed) show as
     * the send error.
     */
    public void attach(java.nio.file.Path file) {
        String to = peer.get();
        if (to == null || sendingBlocked.get()) {
            return;
        }
        sendError.set("");
        files.attach(
                to,
                file,
                error -> {
                    if (to.equals(peer.get())) {
                        sendError.set(error);
                    }
                });
    }

    /** Copies a received (or sent) file to {@code target} in the background. */
    /** A file being received, reported by the session (UI thread). */
    public void onFileProgress(String id, String from, long done, long total) {
        files.downloadProgress(id, from, done, total);
    }

    public void save(org.parley.fx.files.FileCard card, java.nio.file.Path target) {
        files.save(card, target, sendError::set);
    }

    /** A message was stored (incoming or just queued by us). */
    public void onMessage(StoredMessage m) {
        files.received(m.id());
        if (!m.peer().equals(peer.get()) || items.containsKey(m.id())) {
            return;
        }
        if (groupConversation.get() && "Group".equals(title.get())) {
            Groups.groupOf(m.peer())
                    .ifPresent(
                            id ->
                                    async.await(
                                            session.groups().refresh(id), this::onGroup, e -> {}));
        }
        MessageItem last = items.isEmpty() ? null : lastItem();
        MessageItem item = toItem(m, last);
        if (last == null || !last.day().equals(item.day())) {
            rows.add(new DaySeparator(item.day(), time.dayHeading(item.day())));
        }
        items.put(item.id(), item);
        rows.add(item);
    }

    public void onMessageStateChanged(String id, MessageState state) {
        MessageItem item = items.get(id);
        if (item != null) {
            item.setState(DeliveryState.of(state));
        }
    }

    public void onPresence(String user, boolean online) {
        if (user.equals(peer.get())) {
            peerOnline.set(online);
        }
    }

    public void onKeyChanged(String user) {
        if (user.equals(peer.get())) {
            refreshContact();
        }
    }

    /**
     * Re-reads whether sending to the peer is blocked (after a key change, acceptance or
     * verification).
     */
    public void refreshContact() {
        String user = peer.get();
        if (user == null) {
            return;
        }
        int gen = generation;
        async.supply(
                () -> contactOf(user),
                contact -> {
                    if (gen == generation) {
                        applyContact(contact);
                    }
                },
                e -> {});
    }

    private void applyContact(Optional<Contact> contact) {
        boolean blocked = contact.map(Contact::sendingBlocked).orElse(false);
        sendingBlocked.set(blocked);
        if (!blocked) {
            keyWarning.set("");
        } else if (contact.get().reverifyRequired() || contact.get().verified()) {
            keyWarning.set(
                    "The safety number with "
                            + peer.get()
                            + " has changed. Compare it again and mark it verified before sending.");
        } else {
            keyWarning.set(
                    "The safety number with "
                            + peer.get()
                            + " has changed. Review and accept the new key before sending.");
        }
        if (blocked) {
            // a stale "cannot send" error says the same thing as the warning
            sendError.set("");
        }
    }

    /** Puts the stored history together with anything that arrived while it was loading. */
    private void merge(List<StoredMessage> history) {
        Map<String, MessageItem> arrived = new LinkedHashMap<>(items);
        List<MessageItem> all = new ArrayList<>();
        MessageItem previous = null;
        for (StoredMessage m : history) {
            MessageItem item = toItem(m, previous);
            MessageItem early = arrived.remove(m.id());
            if (early != null && early.state().isLaterThan(item.state())) {
                item.setState(early.state());
            }
            all.add(item);
            previous = item;
        }
        List<MessageItem> rest = new ArrayList<>(arrived.values());
        rest.sort(Comparator.comparingLong(MessageItem::storedAt));
        for (MessageItem early : rest) {
            MessageItem item = early.withFirstOfGroup(startsGroup(early, previous));
            all.add(item);
            previous = item;
        }
        items.clear();
        List<ChatRow> built = new ArrayList<>();
        LocalDate day = null;
        int nextLine = 0;
        for (MessageItem item : all) {
            while (nextLine < systemLines.size()
                    && systemLines.get(nextLine).ts() <= item.sentAt()) {
                SystemLine line = systemLines.get(nextLine++);
                if (!line.day().equals(day)) {
                    day = line.day();
                    built.add(new DaySeparator(day, time.dayHeading(day)));
                }
                built.add(line);
            }
            if (!item.day().equals(day)) {
                day = item.day();
                built.add(new DaySeparator(day, time.dayHeading(day)));
            }
            built.add(item);
            items.put(item.id(), item);
        }
        for (; nextLine < systemLines.size(); nextLine++) {
            SystemLine line = systemLines.get(nextLine);
            if (!line.day().equals(day)) {
                day = line.day();
                built.add(new DaySeparator(day, time.dayHeading(day)));
            }
            built.add(line);
        }
        rows.setAll(built);
    }

    private @Nullable MessageItem lastItem() {
        MessageItem last = null;
        for (MessageItem i : items.values()) {
            last = i;
        }
        return last;
    }

    private MessageItem toItem(StoredMessage m, @Nullable MessageItem previous) {
        boolean outgoing = !m.incoming();
        LocalDate day = time.day(m.sentAt());
        org.parley.fx.files.FileCard card = ChatFiles.card(m);
        String text = card == null ? m.text() : card.name();
        MessageItem item =
                new MessageItem(
                        m.id(),
                        m.from(),
                        outgoing,
                        text,
                        m.sentAt(),
                        m.storedAt(),
                        time.time(m.sentAt()),
                        day,
                        true,
                        DeliveryState.of(m.state()),
                        card);
        return startsGroup(item, previous) ? item : item.withFirstOfGroup(false);
    }

    private static boolean startsGroup(MessageItem item, @Nullable MessageItem previous) {
        // In a group, a new sender starts a new run, so every run shows its sender's name.
        return previous == null
                || previous.outgoing() != item.outgoing()
                || !previous.day().equals(item.day())
                || !previous.sender().equals(item.sender());
    }

    public ReadOnlyStringProperty peerProperty() {
        return peer.getReadOnlyProperty();
    }

    public String peer() {
        return peer.get();
    }

    public ReadOnlyStringProperty titleProperty() {
        return title.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty groupConversationProperty() {
        return groupConversation.getReadOnlyProperty();
    }

    public ObservableList<ChatRow> rows() {
        return readOnlyRows;
    }

    public StringProperty draftProperty() {
        return draft;
    }

    public int maxLength() {
        return maxLength;
    }

    public ReadOnlyBooleanProperty counterVisibleProperty() {
        return counterVisible.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty overLimitProperty() {
        return overLimit.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty counterTextProperty() {
        return counterText.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canSendProperty() {
        return canSend.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty sendErrorProperty() {
        return sendError.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty keyWarningProperty() {
        return keyWarning.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty sendingBlockedProperty() {
        return sendingBlocked.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty peerOnlineProperty() {
        return peerOnline.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty loadingProperty() {
        return loading.getReadOnlyProperty();
    }
}
