package org.parley.client.contacts;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.parley.client.Contact;
import org.parley.client.SessionListener;
import org.parley.client.exceptions.InvalidInputException;
import org.parley.client.exceptions.KeyChangedException;
import org.parley.client.exceptions.ParleyException;
import org.parley.client.exceptions.ProtocolException;
import org.parley.client.exceptions.ServerUnavailableException;
import org.parley.client.store.ContactRecord;
import org.parley.client.store.ProfileStore;
import org.parley.crypto.SafetyNumbers;
import org.parley.model.PublicKeys;

/**
 * Trust on first use for identity keys: the first key seen for a user is pinned; a different key in
 * the directory later is a key change, kept aside (the old pin stays) until the user accepts it.
 * Verification flags and the "verify again" rule live here too.
 */
public final class ContactService {
    /** Directory re-checks triggered by undecryptable envelopes, at most this often per peer. */
    private static final long RECHECK_INTERVAL_MS = 60_000;

    private final String me;
    private final PublicKeys myKeys;
    private final ProfileStore store;
    private final KeyDirectory directory;
    private final Clock clock;
    private final SessionListener events;
    private final Set<String> checkedForSending = ConcurrentHashMap.newKeySet();
    private final Map<String, Long> lastRecheck = new ConcurrentHashMap<>();

    public ContactService(
            String me,
            PublicKeys myKeys,
            ProfileStore store,
            KeyDirectory directory,
            Clock clock,
            SessionListener events) {
        this.me = me;
        this.myKeys = myKeys;
        this.store = store;
        this.directory = directory;
        this.clock = clock;
        this.events = events;
    }

    static PublicKeys keysOf(ContactRecord c) {
        return new PublicKeys(c.signing(), c.agreement());
    }

    private static PublicKeys pendingKeysOf(ContactRecord c) {
        return new PublicKeys(
                Objects.requireNonNull(c.pendingSigning(), "a pending change has both keys"),
                Objects.requireNonNull(c.pendingAgreement(), "a pending change has both keys"));
    }

    public Optional<PublicKeys> pinned(String peer) {
        return store.contact(peer).map(ContactService::keysOf);
    }

    public Optional<PublicKeys> pending(String peer) {
        return store.contact(peer)
                .filter(ContactRecord::keyChangePending)
                .map(ContactService::pendingKeysOf);
    }

    /** The signing key of keys that passed {@link PublicKeys#requireValid()}. */
    private static byte[] signing(PublicKeys valid) {
        return Objects.requireNonNull(valid.signing(), "valid keys have a signing key");
    }

    /** The agreement key of keys that passed {@link PublicKeys#requireValid()}. */
    private static byte[] agreement(PublicKeys valid) {
        return Objects.requireNonNull(valid.agreement(), "valid keys have an agreement key");
    }

    private PublicKeys lookupValid(String peer) {

        PublicKeys keys = directory.lookup(peer);
        try {
            keys.requireValid();
        } catch (IllegalArgumentException e) {
            throw new ProtocolException(
                    "The key directory returned unusable keys for " + peer + ".");
        }
        return keys;
    }

    /**
     * The keys to seal a message to {@code peer} with. Pins on first use. On the first send of a
     * session the directory is asked again so a key change is noticed; if it cannot be reached the
     * pin is used (chatting goes on during an auth server outage).
     *
     * @throws KeyChangedException while a key change is pending or the contact must be re-verified
     */
    public PublicKeys keysForSending(String peer) {
        Optional<ContactRecord> existing = store.contact(peer);
        if (existing.isEmpty()) {
            PublicKeys keys = lookupValid(peer);
            pinIfAbsent(peer, keys);
            checkedForSending.add(peer);
            return pinned(peer).orElseThrow();
        }
        ContactRecord c = existing.get();
        requireSendable(c);
        if (checkedForSending.add(peer)) {
            try {
                PublicKeys current = lookupValid(peer);
                if (!c.pinnedKeysEqual(current.signing(), current.agreement())) {
                    recordKeyChange(peer, current);
                    requireSendable(store.contact(peer).orElseThrow());
                }
            } catch (ServerUnavailableException e) {
                checkedForSending.remove(peer); // try again next time
            }
        }
        return keysOf(c);
    }

    private static void requireSendable(ContactRecord c) {
        if (c.keyChangePending()) {
            throw new KeyChangedException(c.username(), c.verified());
        }
        if (c.reverifyRequired()) {
            throw new KeyChangedException(c.username(), true);
        }
    }

    /** The pinned keys of a sender, pinning them from the directory on first contact. */
    public PublicKeys keysForReceiving(String peer) {
        Optional<PublicKeys> pin = pinned(peer);
        if (pin.isPresent()) {
            return pin.get();
        }
        PublicKeys keys = lookupValid(peer);
        pinIfAbsent(peer, keys);
        return pinned(peer).orElseThrow();
    }

    private synchronized void pinIfAbsent(String peer, PublicKeys keys) {
        if (store.contact(peer).isEmpty()) {
            store.putContact(
                    ContactRecord.pinned(peer, signing(keys), agreement(keys), clock.millis()));
        }
    }

    /**
     * After an envelope from {@code peer} failed to open with the pin: the directory's keys if they
     * differ from the pin (a key change), else empty. Rate limited per peer so forged envelopes
     * cannot make us hammer the directory. Directory failures count as "no change".
     */
    public Optional<PublicKeys> changedDirectoryKeys(String peer) {
        long now = clock.millis();
        Long last = lastRecheck.get(peer);
        if (last != null && now - last < RECHECK_INTERVAL_MS) {
            return Optional.empty();
        }
        lastRecheck.put(peer, now);
        Optional<ContactRecord> c = store.contact(peer);
        if (c.isEmpty()) {
            return Optional.empty();
        }
        try {
            PublicKeys current = lookupValid(peer);
            if (c.get().pinnedKeysEqual(current.signing(), current.agreement())) {
                return Optional.empty();
            }
            return Optional.of(current);
        } catch (ParleyException e) {
            return Optional.empty();
        }
    }

    /**
     * Sets {@code keys} aside as a pending change of {@code peer}'s key and tells the listeners.
     */
    public synchronized void recordKeyChange(String peer, PublicKeys keys) {
        ContactRecord c = store.contact(peer).orElseThrow();
        if (c.pinnedKeysEqual(keys.signing(), keys.agreement())
                || c.pendingKeysEqual(keys.signing(), keys.agreement())) {
            return;
        }
        store.putContact(c.withPending(signing(keys), agreement(keys)));

        store.commit();
        events.onKeyChanged(peer);
    }

    public List<Contact> contacts() {
        List<Contact> out = new ArrayList<>();
        for (ContactRecord c : store.contacts()) {
            out.add(toContact(c));
        }
        return out;
    }

    static Contact toContact(ContactRecord c) {
        return new Contact(c.username(), c.verified(), c.keyChangePending(), c.reverifyRequired());
    }

    /** The safety number with {@code peer}, for the pending key if a change is pending. */
    public String safetyNumber(String peer) {
        PublicKeys theirs = pending(peer).orElseGet(() -> keysForReceiving(peer));
        return SafetyNumbers.formatted(SafetyNumbers.of(me, myKeys, peer, theirs));
    }

    /** Marks {@code peer} verified; with a change pending, accepts the new key first. */
    public synchronized boolean markVerified(String peer) {
        ContactRecord c = existingContact(peer, "There is no contact " + peer + " to verify yet.");
        boolean accepted = c.keyChangePending();
        pin(c.acceptPending().withVerified(true));
        return accepted;
    }

    /** Pins the pending key of {@code peer}; returns whether there was one. */
    public synchronized boolean acceptKeyChange(String peer) {
        ContactRecord c = existingContact(peer, "There is no contact " + peer + ".");
        if (!c.keyChangePending()) {
            return false;
        }
        pin(c.acceptPending());
        return true;
    }

    private ContactRecord existingContact(String peer, String missing) {
        return store.contact(peer).orElseThrow(() -> new InvalidInputException(missing));
    }

    /** Stores {@code c} as the keys the user chose for them; sending to them needs no new check. */
    private void pin(ContactRecord c) {
        store.putContact(c);
        store.commit();
        checkedForSending.add(c.username());
    }
}
