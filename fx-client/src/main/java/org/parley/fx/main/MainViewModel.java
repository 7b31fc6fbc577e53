package org.parley.fx.main;

import java.time.Clock;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.parley.client.ConnectionState;
import org.parley.client.GroupInfo;
import org.parley.client.Groups;
import org.parley.client.MessageState;
import org.parley.client.Session;
import org.parley.client.SessionListener;
import org.parley.client.StoredMessage;
import org.parley.client.transport.BrokerUrls;
import org.parley.fx.chat.ChatViewModel;
import org.parley.fx.common.ActiveSession;
import org.parley.fx.common.Async;
import org.parley.fx.common.BackgroundAction;
import org.parley.fx.common.Notifier;
import org.parley.fx.common.TimeLabels;
import org.parley.fx.contact.ContactInfoViewModel;
import org.parley.fx.conversations.ConversationListViewModel;
import org.parley.fx.group.CreateGroupViewModel;
import org.parley.fx.group.GroupInfoViewModel;

/**
 * The main window of a logged-in user: owns the session, receives its events (on the UI thread,
 * through the {@link org.parley.fx.common.SessionEventRelay}) and hands them to the sidebar, the
 * chat and the contact panel; the connection banner, new chats, notifications and logout.
 */
public final class MainViewModel implements SessionListener {
    private static final int NOTIFICATION_PREVIEW = 120;

    private final ActiveSession active;
    private final Session session;
    private final Async async;
    private final Notifier notifier;
    private final Runnable onLoggedOut;

    private final ConversationListViewModel conversations;
    private final ChatViewModel chat;
    private final ContactInfoViewModel contact;
    private final GroupInfoViewModel groupInfo;
    private final CreateGroupViewModel createGroup;
    private final ReadOnlyBooleanWrapper groupSelected = new ReadOnlyBooleanWrapper(false);

    private final StringProperty selectedPeer = new SimpleStringProperty(null);
    private final BooleanProperty windowFocused = new SimpleBooleanProperty(true);
    private final BooleanProperty contactPanelOpen = new SimpleBooleanProperty(false);
    private final ReadOnlyStringWrapper connectionProblem = new ReadOnlyStringWrapper("");
    private final StringProperty newChatName = new SimpleStringProperty("");

    /** Looking up the user a new chat is with. */
    private final BackgroundAction newChatLookup;

    private final ReadOnlyBooleanWrapper newChatOpen = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper loggingOut = new ReadOnlyBooleanWrapper(false);
    private final CompletableFuture<Void> loggedOut = new CompletableFuture<>();
    private boolean started;
    private ConnectionState connectionState = ConnectionState.CONNECTED;
    private java.util.Set<String> unreachableBrokers = java.util.Set.of();

    /**
     * @param maxTextLength the longest message client-core accepts
     * @param onLoggedOut called on the UI thread once the session is closed
     */
    public MainViewModel(
            ActiveSession active,
            Async async,
            Notifier notifier,
            Clock clock,
            int maxTextLength,
            Runnable onLoggedOut) {
        this.active = Objects.requireNonNull(active);
        this.session = active.session();
        this.async = Objects.requireNonNull(async);
        this.newChatLookup = new BackgroundAction(async);
        this.notifier = Objects.requireNonNull(notifier);
        this.onLoggedOut = Objects.requireNonNull(onLoggedOut);
        TimeLabels time = new TimeLabels(clock);
        this.conversations = new ConversationListViewModel(session, async, time, clock::millis);
        this.chat = new ChatViewModel(session, async, time, maxTextLength);
        this.contact =
                new ContactInfoViewModel(
                        session,
                        async,
                        () -> {
                            chat.refreshContact();
                            conversations.refresh();
                        });

        this.groupInfo = new GroupInfoViewModel(session, async, () -> selectedPeer.set(null));
        this.createGroup =
                new CreateGroupViewModel(
                        session,
                        async,
                        group -> {
                            conversations.onGroup(group);
                            selectedPeer.set(group.conversationKey());
                        });

        selectedPeer.addListener(
                (obs, old, peer) -> {
                    if (peer == null) {
                        chat.close();
                        contact.clear();
                        groupInfo.clear();
                        groupSelected.set(false);
                        return;
                    }
                    boolean group = Groups.groupOf(peer).isPresent();
                    groupSelected.set(group);
                    chat.open(peer);
                    chat.onPresence(peer, conversations.isOnline(peer));
                    if (group) {
                        contact.clear();
                        groupInfo.show(peer);
                    } else {
                        groupInfo.clear();
                        contact.show(peer);
                    }
                    if (windowFocused.get()) {
                        conversations.markRead(peer);
                    }
                });
        windowFocused.addListener(
                (obs, was, focused) -> {
                    String peer = selectedPeer.get();
                    if (focused && peer != null) {
                        var item = conversations.find(peer);
                        if (item != null && item.unreadProperty().get() > 0) {
                            conversations.markRead(peer);
                        }
                    }
                });
    }

    /**
     * Starts receiving the session's events and loads the conversations; call once, on the UI
     * thread.
     */
    public void start() {
        if (started) {
            return;
        }
        started = true;
        onConnectionState(session.connectionState());
        onUnreachableBrokers(session.unreachableBrokers());
        active.events().attach(this);
        conversations.load();
    }

    // ---- session events (on the UI thread) ---------------------------------------------------

    @Override
    public void onMessage(StoredMessage m) {
        conversations.onMessage(m);
        chat.onMessage(m);
        if (!m.incoming()) {
            return;
        }
        boolean reading = windowFocused.get() && m.peer().equals(selectedPeer.get());
        if (reading) {
            conversations.markRead(m.peer());
        }
        if (!windowFocused.get()) {
            String text = org.parley.client.files.FileMessages.preview(m.text()).strip();
            if (text.length() > NOTIFICATION_PREVIEW) {
                text = text.substring(0, NOTIFICATION_PREVIEW - 1) + "…";
            }
            notifier.show(m.from(), text);
        }
    }

    @Override
    public void onMessageStateChanged(String id, MessageState state) {
        chat.onMessageStateChanged(id, state);
    }

    @Override
    public void onFileProgress(String id, String from, long done, long total) {
        chat.onFileProgress(id, from, done, total);
    }

    @Override
    public void onPresence(String user, boolean online) {
        conversations.onPresence(user, online);
        chat.onPresence(user, online);
    }

    @Override
    public void onConnectionState(ConnectionState state) {
        if (loggingOut.get()) {
            return;
        }
        connectionState = state;
        updateBanner();
    }

    /**
     * Some broker nodes are unreachable: messages waiting there come later (the banner says so).
     */
    @Override
    public void onUnreachableBrokers(java.util.Set<String> brokers) {
        if (loggingOut.get()) {
            return;
        }
        unreachableBrokers = java.util.Set.copyOf(brokers);
        updateBanner();
    }

    private void updateBanner() {
        String problem =
                switch (connectionState) {
                    case CONNECTED -> "";
                    case RECONNECTING ->
                            "Connection to the server lost. Reconnecting… Messages you send now go out when it is back.";
                    case DISCONNECTED ->
                            "Disconnected from the server. Log out and log in again to reconnect.";
                };
        if (problem.isEmpty() && !unreachableBrokers.isEmpty()) {
            String nodes =
                    unreachableBrokers.stream()
                            .map(BrokerUrls::hostPort)
                            .sorted()
                            .collect(java.util.stream.Collectors.joining(", "));
            problem =
                    "A server node ("
                            + nodes
                            + ") cannot be reached. Some messages for you may be waiting there;"
                            + " they will arrive when it is back.";
        }
        connectionProblem.set(problem);
    }

    @Override
    public void onGroupChanged(GroupInfo group) {
        conversations.onGroup(group);
        chat.onGroup(group);
        groupInfo.onGroup(group);
    }

    @Override
    public void onKeyChanged(String user) {
        conversations.onKeyChanged(user);
        chat.onKeyChanged(user);
        contact.onKeyChanged(user);
    }

    // ---- actions ------------------------------------------------------------------------------

    /** Opens the "new group" form in the sidebar. */
    public void openNewGroup() {
        cancelNewChat();
        createGroup.open();
    }

    public void openNewChat() {
        newChatName.set("");
        newChatLookup.setError("");
        newChatOpen.set(true);
    }

    public void cancelNewChat() {
        newChatOpen.set(false);
        newChatLookup.reset();
    }

    /** Looks the user up (pinning their key) and opens a chat with them. */
    public void startNewChat() {
        String raw = newChatName.get() == null ? "" : newChatName.get().trim();
        if (raw.isEmpty() || newChatLookup.isBusy()) {
            return;
        }
        String name =
                raw.toLowerCase(Locale.ROOT); // client-core checks the rest of the username rule
        if (name.equals(session.username())) {
            newChatLookup.setError("That is you. Pick someone else to talk to.");
            return;
        }
        newChatLookup.await(
                session.safetyNumber(name),
                number -> {
                    newChatOpen.set(false);
                    conversations.ensure(name);
                    selectedPeer.set(name);
                });
    }

    /**
     * Closes the session in the background, then goes back to the login screen. The future
     * completes (on the background thread) as soon as the session is closed.
     */
    public CompletableFuture<Void> logout() {
        if (loggingOut.get()) {
            return loggedOut;
        }
        loggingOut.set(true);
        active.events().detach();
        async.supply(
                () -> {
                    try {
                        session.logout();
                    } finally {
                        loggedOut.complete(null);
                    }
                    return null;
                },
                done -> onLoggedOut.run(),
                e -> onLoggedOut.run());
        return loggedOut;
    }

    // ---- properties ---------------------------------------------------------------------------

    public String username() {
        return session.username();
    }

    public ConversationListViewModel conversations() {
        return conversations;
    }

    public ChatViewModel chat() {
        return chat;
    }

    public ContactInfoViewModel contact() {
        return contact;
    }

    public GroupInfoViewModel groupInfo() {
        return groupInfo;
    }

    public CreateGroupViewModel createGroup() {
        return createGroup;
    }

    /** Whether the open conversation is a group's (the side panel then shows the group). */
    public ReadOnlyBooleanProperty groupSelectedProperty() {
        return groupSelected.getReadOnlyProperty();
    }

    /** The peer whose conversation is open; the sidebar's selection writes it. */
    public StringProperty selectedPeerProperty() {
        return selectedPeer;
    }

    /** Whether the window has the focus; the view keeps it in step with the stage. */
    public BooleanProperty windowFocusedProperty() {
        return windowFocused;
    }

    public BooleanProperty contactPanelOpenProperty() {
        return contactPanelOpen;
    }

    /** Empty while connected; else what the banner says. */
    public ReadOnlyStringProperty connectionProblemProperty() {
        return connectionProblem.getReadOnlyProperty();
    }

    public StringProperty newChatNameProperty() {
        return newChatName;
    }

    public ReadOnlyStringProperty newChatErrorProperty() {
        return newChatLookup.errorProperty();
    }

    public ReadOnlyBooleanProperty newChatBusyProperty() {
        return newChatLookup.busyProperty();
    }

    public ReadOnlyBooleanProperty newChatOpenProperty() {
        return newChatOpen.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty loggingOutProperty() {
        return loggingOut.getReadOnlyProperty();
    }
}
