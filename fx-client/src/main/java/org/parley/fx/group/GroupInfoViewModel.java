package org.parley.fx.group;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.jspecify.annotations.Nullable;
import org.parley.client.GroupInfo;
import org.parley.client.Groups;
import org.parley.client.Session;
import org.parley.fx.common.Async;
import org.parley.fx.common.BackgroundAction;
import org.parley.fx.common.ErrorMessages;

/**
 * The group panel beside a group conversation: its verified members with the admin marked, adding
 * and removing members (admin only), and leaving. Every change goes through client-core, which
 * signs it; the panel shows the verified result.
 */
public final class GroupInfoViewModel {
    private final Session session;
    private final Async async;
    private final Runnable left;

    private @Nullable String groupId;
    private int generation;
    private final ReadOnlyStringWrapper name = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper youAreAdmin = new ReadOnlyBooleanWrapper(false);
    private final ObservableList<MemberItem> members = FXCollections.observableArrayList();
    private final ObservableList<MemberItem> readOnlyMembers =
            FXCollections.unmodifiableObservableList(members);
    private final ReadOnlyStringWrapper warning = new ReadOnlyStringWrapper("");
    private final StringProperty newMember = new SimpleStringProperty("");

    /** A change to the group (add, remove, leave); its error line also shows a failed refresh. */
    private final BackgroundAction changing;

    /**
     * @param left called on the UI thread after this user left the group
     */
    public GroupInfoViewModel(Session session, Async async, Runnable left) {
        this.session = Objects.requireNonNull(session);
        this.async = Objects.requireNonNull(async);
        this.left = Objects.requireNonNull(left);
        this.changing = new BackgroundAction(async);
    }

    /**
     * Shows the group of the conversation {@code conversationKey} ("#" + id), fetched and verified
     * in the background.
     */
    public void show(String conversationKey) {
        Optional<String> id = Groups.groupOf(conversationKey);
        if (id.isEmpty()) {
            clear();
            return;
        }
        int gen = ++generation;
        groupId = id.get();
        changing.setError("");
        newMember.set("");
        session.groups()
                .cached(groupId)
                .ifPresentOrElse(
                        this::apply,
                        () -> {
                            name.set("Group");
                            members.clear();
                        });
        async.await(
                session.groups().refresh(groupId),
                info -> {
                    if (gen == generation) {
                        apply(info);
                    }
                },
                e -> {
                    if (gen == generation) {
                        changing.setError(ErrorMessages.of(e));
                    }
                });
    }

    public void clear() {
        generation++;
        groupId = null;
        members.clear();
        name.set("");
        youAreAdmin.set(false);
        warning.set("");
        changing.setError("");
    }

    /** A change this session made (or a refresh): shown if it is this panel's group. */
    public void onGroup(GroupInfo info) {
        if (info.id().equals(groupId)) {
            apply(info);
        }
    }

    private void apply(GroupInfo info) {
        String me = session.username();
        name.set(info.name());
        youAreAdmin.set(info.isAdmin(me));
        List<MemberItem> list = new ArrayList<>();
        for (String m : info.members()) {
            list.add(
                    new MemberItem(
                            m, info.isAdmin(m), m.equals(me), info.isAdmin(me) && !m.equals(me)));
        }
        members.setAll(list);
        warning.set(
                info.unverifiedMembers().isEmpty()
                        ? ""
                        : "The server lists "
                                + String.join(", ", info.unverifiedMembers())
                                + " as members, but the admin never signed them in. They get nothing.");
    }

    public void add() {
        String user = newMember.get() == null ? "" : newMember.get().strip();
        if (groupId == null || user.isEmpty() || changing.isBusy()) {
            return;
        }
        run(session.groups().add(groupId, user), () -> newMember.set(""));
    }

    public void remove(String user) {
        if (groupId == null || changing.isBusy()) {
            return;
        }
        run(session.groups().remove(groupId, user), () -> {});
    }

    public void leave() {
        if (groupId == null || changing.isBusy()) {
            return;
        }
        changing.await(
                session.groups().leave(groupId),
                done -> {
                    clear();
                    left.run();
                });
    }

    private void run(java.util.concurrent.CompletableFuture<GroupInfo> change, Runnable after) {
        changing.await(
                change,
                info -> {
                    apply(info);
                    after.run();
                });
    }

    public ReadOnlyStringProperty nameProperty() {
        return name.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty youAreAdminProperty() {
        return youAreAdmin.getReadOnlyProperty();
    }

    public ObservableList<MemberItem> members() {
        return readOnlyMembers;
    }

    /** Non-empty when the server claims members no signed entry backs. */
    public ReadOnlyStringProperty warningProperty() {
        return warning.getReadOnlyProperty();
    }

    public StringProperty newMemberProperty() {
        return newMember;
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return changing.busyProperty();
    }

    public ReadOnlyStringProperty errorProperty() {
        return changing.errorProperty();
    }
}
