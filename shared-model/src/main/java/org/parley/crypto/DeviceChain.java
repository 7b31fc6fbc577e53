package org.parley.crypto;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.parley.crypto.primitives.CryptoException;
import org.parley.crypto.primitives.Ed25519;
import org.parley.model.DeviceEntry;
import org.parley.model.ProtocolVersion;
import org.parley.model.PublicKeys;
import org.parley.model.Usernames;

/**
 * Makes and checks an account's device log (issue #15; the model is {@link GroupChain}). Every
 * entry is signed by the account identity key, names the hash of the one before and adds, renames
 * or removes one device. The first entry adds device 1; an added device takes the next id never
 * used before; rename and remove name a current device. The server keeps the log but cannot sign an
 * entry, so a client that verifies the log from the start before sealing to a device cannot be
 * given a device the account did not add.
 */
public final class DeviceChain {

    /** The protocol's ceiling on devices per account; servers configure a lower limit. */
    public static final int MAX_DEVICES = 32;

    /** The limit when a server configures none. */
    public static final int DEFAULT_MAX_DEVICES = 5;

    public static final int MAX_NAME_LENGTH = 64;

    private DeviceChain() {}

    /** The first entry of an account's log: device 1, the device that made the account's keys. */
    public static DeviceEntry first(
            IdentityKeyPair accountKeys, String user, String name, PublicKeys deviceKeys, long ts)
            throws CryptoException {
        return signed(
                accountKeys,
                null,
                new DeviceEntry(
                        ProtocolVersion.CURRENT,
                        user,
                        0,
                        "",
                        DeviceEntry.ADD,
                        1,
                        strip(name),
                        deviceKeys,
                        ts,
                        null));
    }

    /**
     * Adds a device under the next unused id. Checks against the protocol's ceiling, not a server's
     * lower limit, which the server enforces when it stores the entry.
     */
    public static DeviceEntry add(
            DeviceList state,
            IdentityKeyPair accountKeys,
            String name,
            PublicKeys deviceKeys,
            long ts)
            throws CryptoException {
        return signed(
                accountKeys,
                state,
                next(state, DeviceEntry.ADD, state.nextId(), strip(name), deviceKeys, ts));
    }

    public static DeviceEntry rename(
            DeviceList state, IdentityKeyPair accountKeys, int device, String name, long ts)
            throws CryptoException {
        return signed(
                accountKeys, state, next(state, DeviceEntry.RENAME, device, strip(name), null, ts));
    }

    public static DeviceEntry remove(
            DeviceList state, IdentityKeyPair accountKeys, int device, long ts)
            throws CryptoException {
        return signed(accountKeys, state, next(state, DeviceEntry.REMOVE, device, null, null, ts));
    }

    /** The unsigned entry that follows {@code state}; package-private for the tests' forgeries. */
    static DeviceEntry next(
            DeviceList state,
            String action,
            int device,
            @Nullable String name,
            @Nullable PublicKeys keys,
            long ts) {
        return new DeviceEntry(
                ProtocolVersion.CURRENT,
                state.user(),
                state.seq() + 1,
                state.head(),
                action,
                device,
                name,
                keys,
                ts,
                null);
    }

    /**
     * Signs {@code unsigned} and checks it follows {@code state}, so a broken entry never leaves.
     */
    private static DeviceEntry signed(
            IdentityKeyPair accountKeys, @Nullable DeviceList state, DeviceEntry unsigned)
            throws CryptoException {
        DeviceEntry entry = unsigned.withSig(accountKeys.sign(unsigned.signingInput()));
        apply(state, entry, accountKeys.signingPublic(), MAX_DEVICES);
        return entry;
    }

    private static @Nullable String strip(@Nullable String name) {
        return name == null ? null : name.strip();
    }

    /**
     * Verifies a whole log from its first entry.
     *
     * @param accountSigningKey the account's Ed25519 public key, as pinned by the verifier
     * @param maxDevices how many devices may be listed at once, 1 to {@link #MAX_DEVICES}
     * @throws CryptoException naming the first entry that breaks a rule or is not signed
     */
    public static DeviceList verify(
            String user, List<DeviceEntry> log, byte[] accountSigningKey, int maxDevices)
            throws CryptoException {
        if (log == null || log.isEmpty()) {
            throw new CryptoException(user + "'s device log is empty.");
        }
        DeviceList state = null;
        for (DeviceEntry entry : log) {
            state = apply(user, state, entry, accountSigningKey, maxDevices);
        }
        return Objects.requireNonNull(state, "a non-empty log yields a list");
    }

    /**
     * Checks that {@code entry} is a valid next entry after {@code state} (the first entry when
     * {@code state} is null) and returns the new list.
     *
     * @param accountSigningKey the account's Ed25519 public key, as pinned by the verifier
     * @param maxDevices how many devices may be listed at once, 1 to {@link #MAX_DEVICES}
     * @throws CryptoException with a sentence saying which rule {@code entry} breaks
     */
    public static DeviceList apply(
            @Nullable DeviceList state, DeviceEntry entry, byte[] accountSigningKey, int maxDevices)
            throws CryptoException {
        String user = state != null ? state.user() : entry == null ? null : entry.user();
        return apply(user, state, entry, accountSigningKey, maxDevices);
    }

    private static DeviceList apply(
            @Nullable String user,
            @Nullable DeviceList state,
            @Nullable DeviceEntry e,
            byte[] accountSigningKey,
            int maxDevices)
            throws CryptoException {
        if (maxDevices < 1 || maxDevices > MAX_DEVICES) {
            throw new IllegalArgumentException(
                    "The device limit must be 1 to " + MAX_DEVICES + ", not " + maxDevices + ".");
        }
        long seq = state == null ? 0 : state.seq() + 1;
        String entry = "Device entry " + seq;
        if (e == null) {
            throw new CryptoException(entry + " is missing.");
        }
        if (user == null || !Usernames.isValid(user)) {
            throw new CryptoException(entry + " names an invalid username.");
        }
        String owner = user + "'s";
        if (!ProtocolVersion.isSupported(e.v())) {
            throw new CryptoException(
                    entry + " uses protocol version " + e.v() + ", which this app does not know.");
        }
        if (!user.equals(e.user())) {
            throw new CryptoException(entry + " belongs to " + e.user() + ", not " + user + ".");
        }
        if (e.seq() != seq) {
            throw new CryptoException(
                    entry
                            + " has seq "
                            + e.seq()
                            + ": it is replayed, skips an entry or is out of order.");
        }
        String head = state == null ? "" : state.head();
        if (!head.equals(e.prev())) {
            throw new CryptoException(
                    entry
                            + " does not name the hash of the entry before it: "
                            + owner
                            + " device log forks or was rewritten.");
        }
        if (!Ed25519.verify(accountSigningKey, e.signingInput(), e.sig())) {
            throw new CryptoException(entry + " is not signed by " + owner + " account key.");
        }
        if (e.action() == null || !DeviceEntry.ACTIONS.contains(e.action())) {
            throw new CryptoException(entry + " has an unknown action '" + e.action() + "'.");
        }
        if (e.ts() < 0 || (state != null && e.ts() < state.lastTs())) {
            throw new CryptoException(entry + " is dated before the entry it follows.");
        }
        if (state == null && (!DeviceEntry.ADD.equals(e.action()) || e.device() != 1)) {
            throw new CryptoException(entry + " must add device 1, the account's first device.");
        }
        requireRules(entry, state, e, maxDevices);
        return DeviceList.after(state, e);
    }

    private static void requireRules(
            String entry, @Nullable DeviceList state, DeviceEntry e, int maxDevices)
            throws CryptoException {
        int device = e.device();
        switch (e.action()) {
            case DeviceEntry.ADD -> {
                int nextId = state == null ? 1 : state.nextId();
                if (state != null && state.usedIds().contains(device)) {
                    throw new CryptoException(
                            entry
                                    + " adds device "
                                    + device
                                    + ", an id used before; ids are never reused.");
                }
                if (device != nextId) {
                    throw new CryptoException(
                            entry + " adds device " + device + "; the next id is " + nextId + ".");
                }
                requireName(entry, e.name());
                requireKeys(entry, e.keys());
                int count = state == null ? 1 : state.devices().size() + 1;
                if (count > maxDevices) {
                    throw new CryptoException(
                            entry
                                    + " adds a device beyond the limit of "
                                    + maxDevices
                                    + "; remove one first.");
                }
            }
            case DeviceEntry.RENAME -> {
                requireListed(entry, state, device);
                requireName(entry, e.name());
                requireNoKeys(entry, e);
            }
            case DeviceEntry.REMOVE -> {
                requireListed(entry, state, device);
                if (e.name() != null) {
                    throw new CryptoException(entry + " removes a device but names it.");
                }
                requireNoKeys(entry, e);
            }
            default -> throw new CryptoException(entry + " has an unknown action.");
        }
    }

    private static void requireListed(String entry, @Nullable DeviceList state, int device)
            throws CryptoException {
        if (state == null || !state.isListed(device)) {
            throw new CryptoException(entry + " names device " + device + ", which is not listed.");
        }
    }

    private static void requireNoKeys(String entry, DeviceEntry e) throws CryptoException {
        if (e.keys() != null) {
            throw new CryptoException(entry + " carries keys, which only 'add' may.");
        }
    }

    private static void requireKeys(String entry, @Nullable PublicKeys keys)
            throws CryptoException {
        if (keys == null) {
            throw new CryptoException(entry + " adds a device without its keys.");
        }
        try {
            keys.requireValid();
        } catch (IllegalArgumentException e) {
            throw new CryptoException(entry + " adds a device with bad keys: " + e.getMessage());
        }
    }

    /** 1 to 64 characters, no leading or trailing spaces, no control characters. */
    private static void requireName(String entry, @Nullable String name) throws CryptoException {
        if (name == null
                || name.isBlank()
                || !name.equals(name.strip())
                || name.length() > MAX_NAME_LENGTH
                || name.codePoints().anyMatch(Character::isISOControl)) {
            throw new CryptoException(
                    entry
                            + " needs a device name of 1 to "
                            + MAX_NAME_LENGTH
                            + " characters, without surrounding spaces or control characters.");
        }
    }
}
