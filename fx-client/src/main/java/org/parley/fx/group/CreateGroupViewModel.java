package org.parley.fx.group;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.parley.client.Contact;
import org.parley.client.GroupInfo;
import org.parley.client.Session;
import org.parley.fx.common.Async;
import org.parley.fx.common.BackgroundAction;

/**
 * The "new group" form: a name, members picked from the contacts (and any other usernames typed
 * in), then {@code Groups.create} in the background; the creator becomes the admin.
 */
public final class CreateGroupViewModel {
    private final Session session;
    private final Async async;
    private final Consumer<GroupInfo> created;

    private final ReadOnlyBooleanWrapper open = new ReadOnlyBooleanWrapper(false);
    private final StringProperty name = new SimpleStringProperty("");
    private final StringProperty others = new SimpleStringProperty("");
    private final ObservableList<String> candidates = FXCollections.observableArrayList();
    private final ObservableList<String> readOnlyCandidates =
            FXCollections.unmodifiableObservableList(candidates);
    private final Set<String> picked = new LinkedHashSet<>();
    private final BackgroundAction creating;

    /**
     * @param created called on the UI thread with the new group
     */
    public CreateGroupViewModel(Session session, Async async, Consumer<GroupInfo> created) {
        this.session = Objects.requireNonNull(session);
        this.async = Objects.requireNonNull(async);
        this.created = Objects.requireNonNull(created);
        this.creating = new BackgroundAction(async);
    }

    /** Shows the form, with the contacts to pick from read in the background. */
    public void open() {
        name.set("");
        others.set("");
        picked.clear();
        creating.reset();
        open.set(true);
        async.supply(
                () -> session.contacts().stream().map(Contact::username).toList(),
                candidates::setAll,
                e -> {});
    }

    public void cancel() {
        open.set(false);
        creating.setError("");
    }

    /** The member picker's check box for {@code user}. */
    public void setPicked(String user, boolean value) {
        if (value) {
            picked.add(user);
        } else {
            picked.remove(user);
        }
    }

    public boolean isPicked(String user) {
        return picked.contains(user);
    }

    public void create() {
        if (creating.isBusy()) {
            return;
        }
        String groupName = name.get() == null ? "" : name.get().strip();
        if (groupName.isEmpty()) {
            creating.setError("Give the group a name.");
            return;
        }
        List<String> members = new ArrayList<>(picked);
        for (String raw : (others.get() == null ? "" : others.get()).split("[,\\s]+", -1)) {
            if (!raw.isBlank()) {
                members.add(raw.strip().toLowerCase(Locale.ROOT));
            }
        }
        members.remove(session.username());
        if (members.isEmpty()) {
            creating.setError("Pick at least one member.");
            return;
        }
        creating.await(
                session.groups().create(groupName, members),
                group -> {
                    open.set(false);
                    created.accept(group);
                });
    }

    public ReadOnlyBooleanProperty openProperty() {
        return open.getReadOnlyProperty();
    }

    public StringProperty nameProperty() {
        return name;
    }

    /** Usernames not among the contacts, comma- or space-separated. */
    public StringProperty othersProperty() {
        return others;
    }

    public ObservableList<String> candidates() {
        return readOnlyCandidates;
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return creating.busyProperty();
    }

    public ReadOnlyStringProperty errorProperty() {
        return creating.errorProperty();
    }
}
