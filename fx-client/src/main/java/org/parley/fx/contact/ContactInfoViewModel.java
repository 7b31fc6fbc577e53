package org.parley.fx.contact;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import org.parley.client.Contact;
import org.parley.client.Session;
import org.parley.fx.common.Async;
import org.parley.fx.common.ErrorMessages;

/**
 * The contact info panel: the safety number with the peer, whether it is verified, a key change,
 * and the actions "mark verified" and "accept new key".
 */
public final class ContactInfoViewModel {
    private final Session session;
    private final Async async;
    private final Runnable onTrustChanged;

    private final ReadOnlyStringWrapper peer = new ReadOnlyStringWrapper(null);
    private final ReadOnlyStringWrapper safetyNumber = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<List<String>> safetyNumberGroups =
            new ReadOnlyObjectWrapper<>(List.of());
    private final ReadOnlyBooleanWrapper verified = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper keyChangePending = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper reverifyRequired = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper warning = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper canMarkVerified = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper canAcceptKey = new ReadOnlyBooleanWrapper(false);
    private int generation;

    /**
     * @param onTrustChanged told (on the UI thread) after a verification or key acceptance, so the
     *     chat can re-check whether sending is allowed
     */
    public ContactInfoViewModel(Session session, Async async, Runnable onTrustChanged) {
        this.session = Objects.requireNonNull(session);
        this.async = Objects.requireNonNull(async);
        this.onTrustChanged = Objects.requireNonNull(onTrustChanged);
    }

    /** Shows {@code user}'s safety number (looked up, and their key pinned, in the background). */
    public void show(String user) {
        Objects.requireNonNull(user);
        int gen = ++generation;
        peer.set(user);
        safetyNumber.set("");
        safetyNumberGroups.set(List.of());
        error.set("");
        reload(gen);
    }

    public void clear() {
        generation++;
        peer.set(null);
        safetyNumber.set("");
        safetyNumberGroups.set(List.of());
        apply(Optional.empty());
        error.set("");
    }

    private void reload(int gen) {
        String user = peer.get();
        busy.set(true);
        async.await(
                session.safetyNumber(user),
                number -> {
                    if (gen != generation) {
                        return;
                    }
                    safetyNumber.set(number);
                    safetyNumberGroups.set(List.copyOf(Arrays.asList(number.trim().split("\\s+"))));
                    async.supply(
                            () -> contactOf(user),
                            contact -> {
                                if (gen == generation) {
                                    busy.set(false);
                                    apply(contact);
                                }
                            },
                            this::failed);
                },
                e -> {
                    if (gen == generation) {
                        failed(e);
                    }
                });
    }

    private void failed(org.parley.client.exceptions.ParleyException e) {
        busy.set(false);
        error.set(ErrorMessages.of(e));
    }

    private Optional<Contact> contactOf(String user) {
        return session.contacts().stream().filter(c -> c.username().equals(user)).findFirst();
    }

    private void apply(Optional<Contact> contact) {
        boolean isVerified = contact.map(Contact::verified).orElse(false);
        boolean pending = contact.map(Contact::keyChangePending).orElse(false);
        boolean reverify = contact.map(Contact::reverifyRequired).orElse(false);
        verified.set(isVerified && !pending && !reverify);
        keyChangePending.set(pending);
        reverifyRequired.set(reverify);
        canMarkVerified.set(contact.isPresent() && !verified.get());
        canAcceptKey.set(pending && !isVerified);
        String user = peer.get();
        if (pending || reverify) {
            warning.set(
                    user
                            + "'s safety number has changed. This happens when they reinstall Parley or use a new"
                            + " account key, but it could also mean someone is intercepting your messages. Compare the new"
                            + " number with "
                            + user
                            + " before you continue.");
        } else {
            warning.set("");
        }
        if (contact.isEmpty()) {
            status.set("");
        } else if (verified.get()) {
            status.set("Verified");
        } else if (pending || reverify) {
            status.set("Safety number changed");
        } else {
            status.set("Not verified");
        }
    }

    /**
     * Records that the user compared the safety number with the peer (accepting a pending new key).
     */
    public void markVerified() {
        trustAction(session::markVerified);
    }

    /** Accepts the peer's new key without verifying it. */
    public void acceptKeyChange() {
        trustAction(session::acceptKeyChange);
    }

    private void trustAction(
            java.util.function.Function<String, java.util.concurrent.CompletableFuture<Void>>
                    action) {
        String user = peer.get();
        if (user == null || busy.get()) {
            return;
        }
        int gen = generation;
        busy.set(true);
        error.set("");
        async.await(
                action.apply(user),
                done -> {
                    onTrustChanged.run();
                    if (gen == generation) {
                        reload(gen);
                    }
                },
                e -> {
                    if (gen == generation) {
                        failed(e);
                    }
                });
    }

    /** The directory shows a new key for {@code user}. */
    public void onKeyChanged(String user) {
        if (user.equals(peer.get())) {
            reload(generation);
        }
    }

    public ReadOnlyStringProperty peerProperty() {
        return peer.getReadOnlyProperty();
    }

    /** 60 digits in 12 groups of 5, separated by spaces. */
    public ReadOnlyStringProperty safetyNumberProperty() {
        return safetyNumber.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<List<String>> safetyNumberGroupsProperty() {
        return safetyNumberGroups.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty verifiedProperty() {
        return verified.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty keyChangePendingProperty() {
        return keyChangePending.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty reverifyRequiredProperty() {
        return reverifyRequired.getReadOnlyProperty();
    }

    /** "Verified", "Not verified" or "Safety number changed". */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** The key-change warning, empty when there is none. */
    public ReadOnlyStringProperty warningProperty() {
        return warning.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canMarkVerifiedProperty() {
        return canMarkVerified.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canAcceptKeyProperty() {
        return canAcceptKey.getReadOnlyProperty();
    }
}
