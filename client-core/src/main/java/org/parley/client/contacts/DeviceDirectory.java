package org.parley.client.contacts;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.parley.client.exceptions.UntrustedDeviceLogException;
import org.parley.crypto.DeviceChain;
import org.parley.crypto.DeviceList;
import org.parley.crypto.primitives.CryptoException;
import org.parley.model.DeviceEntry;
import org.parley.model.PublicKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Users' device lists as their device logs prove them (decision 0017): a log is believed only if
 * every entry verifies with {@link DeviceChain} against the account key this client trusts for the
 * user, the pinned key of a contact (trust on first use, as {@link ContactService} pins it) or the
 * session's own identity key. The server stores the logs but cannot sign an entry, so a device it
 * (or whoever writes to its database) adds is refused, never listed.
 */
public final class DeviceDirectory {
    private static final Logger log = LoggerFactory.getLogger(DeviceDirectory.class);

    /** Where device logs come from: the auth server's {@code /users/{name}/devices}. */
    @FunctionalInterface
    public interface DeviceLogSource {
        /** {@code user}'s log as stored, oldest first; empty if the account has none yet. */
        List<DeviceEntry> log(String user);
    }

    private final String me;
    private final PublicKeys myKeys;
    private final ContactService contacts;
    private final DeviceLogSource source;

    /** Refusals already logged, by user, log length and reason, so each is logged once. */
    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    public DeviceDirectory(
            String me, PublicKeys myKeys, ContactService contacts, DeviceLogSource source) {
        this.me = me;
        this.myKeys = myKeys;
        this.contacts = contacts;
        this.source = source;
    }

    /**
     * Fetches {@code user}'s device log and verifies it from its first entry.
     *
     * @return the verified devices; empty if the account has no device log yet
     * @throws UntrustedDeviceLogException if an entry is not signed by the trusted account key or
     *     breaks the log's rules; its message is the warning to show
     */
    public Optional<DeviceList> verifiedDevices(String user) {
        List<DeviceEntry> entries = source.log(user);
        if (entries.isEmpty()) {
            return Optional.empty();
        }
        boolean self = me.equals(user);
        // A contact with a key change pending keeps the old pin here: a log signed by the new key
        // is refused until the user accepts it, as messages sealed with it are held.
        PublicKeys trusted = self ? myKeys : contacts.keysForReceiving(user);
        byte[] accountKey = Objects.requireNonNull(trusted.signing(), "pinned keys are valid");
        try {
            return Optional.of(
                    DeviceChain.verify(user, entries, accountKey, DeviceChain.MAX_DEVICES));
        } catch (CryptoException e) {
            String reason = Objects.requireNonNullElse(e.getMessage(), "It does not verify.");
            UntrustedDeviceLogException refused =
                    new UntrustedDeviceLogException(user, self, reason);
            if (warned.add(user + "|" + entries.size() + "|" + reason)) {
                log.warn("{}", refused.getMessage());
            }
            throw refused;
        }
    }
}
