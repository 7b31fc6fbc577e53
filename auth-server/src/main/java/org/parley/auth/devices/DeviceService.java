package org.parley.auth.devices;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.parley.auth.accounts.Account;
import org.parley.auth.accounts.AccountStore;
import org.parley.auth.http.ApiException;
import org.parley.crypto.DeviceChain;
import org.parley.crypto.DeviceList;
import org.parley.crypto.primitives.CryptoException;
import org.parley.model.DeviceChangeRequest;
import org.parley.model.DeviceEntry;
import org.parley.model.DeviceLogHead;
import org.parley.model.DeviceLogResponse;

/**
 * The device log API (PROTOCOL.md, "Device log"; decision 0017). The owner's device sends the next
 * entry signed by the account key; the server checks it with the rules clients use ({@link
 * DeviceChain}) against the account's published signing key, enforces its device limit, and stores
 * it. It serves the log to any logged-in user, who verifies it: holding no account key, the server
 * cannot add a device anyone would believe.
 */
public final class DeviceService {

    /**
     * Entries one account's log may hold. The log is append-only and every append (and every
     * reader) checks it from the start, so without a bound one account could grow it, by renaming
     * over and over, into work for the server and for everyone who writes to that account.
     */
    static final int MAX_LOG_ENTRIES = 1000;

    private final JdbcDeviceStore logs;
    private final AccountStore accounts;
    private final int maxDevices;
    private final int maxLogEntries;

    /**
     * @param maxDevices devices an account may list at once, 1 to {@link DeviceChain#MAX_DEVICES}
     */
    public DeviceService(JdbcDeviceStore logs, AccountStore accounts, int maxDevices) {
        this(logs, accounts, maxDevices, MAX_LOG_ENTRIES);
    }

    DeviceService(JdbcDeviceStore logs, AccountStore accounts, int maxDevices, int maxLogEntries) {
        this.maxLogEntries = maxLogEntries;
        this.logs = Objects.requireNonNull(logs, "logs");
        this.accounts = Objects.requireNonNull(accounts, "accounts");
        if (maxDevices < 1 || maxDevices > DeviceChain.MAX_DEVICES) {
            throw new IllegalArgumentException(
                    "device limit must be between 1 and " + DeviceChain.MAX_DEVICES);
        }
        this.maxDevices = maxDevices;
    }

    /**
     * {@code GET /users/{name}/devices}: the stored log as it is, for the reader to verify.
     *
     * @throws ApiException 404 {@code unknown_user}, also for a name that cannot exist
     */
    public DeviceLogResponse log(String name) {
        Account account = accounts.named(name);
        return new DeviceLogResponse(account.username(), logs.log(account.username()));
    }

    /** {@code POST /devices}: appends the caller's next signed entry to the caller's own log. */
    public DeviceLogHead append(String caller, DeviceChangeRequest request) {
        DeviceEntry e = entry(request);
        if (!caller.equals(e.user())) {
            throw new ApiException(
                    403, "not_your_entry", "You can only add entries to your own device log.");
        }
        byte[] accountKey =
                accounts.find(caller)
                        .map(account -> account.publicKeys().signing())
                        .orElseThrow(ApiException::unknownUser);
        DeviceEntry stored =
                logs.append(
                        caller,
                        current -> {
                            DeviceList state = replay(caller, current, accountKey);
                            if (e.seq() < current.size()) {
                                throw staleLog(e.seq());
                            }
                            if (current.size() >= maxLogEntries) {
                                throw new ApiException(
                                        409,
                                        "device_log_full",
                                        "This account's device log has reached "
                                                + maxLogEntries
                                                + " entries; it takes no more changes.");
                            }
                            DeviceList after;
                            try {
                                // The protocol's ceiling here, the server's limit below, so
                                // that a full account gets its own answer.
                                after =
                                        DeviceChain.apply(
                                                state, e, accountKey, DeviceChain.MAX_DEVICES);
                            } catch (CryptoException ex) {
                                throw new ApiException(
                                        400,
                                        "invalid_device_change",
                                        Objects.requireNonNullElse(
                                                ex.getMessage(), "The entry is refused."));
                            }
                            if (DeviceEntry.ADD.equals(e.action())
                                    && after.devices().size() > maxDevices) {
                                throw new ApiException(
                                        409,
                                        "device_limit",
                                        "An account has at most "
                                                + maxDevices
                                                + " devices on this server; remove one first.");
                            }
                            return e;
                        });
        return new DeviceLogHead(caller, stored.seq(), stored.hash());
    }

    /**
     * The stored log, checked again (it was checked on the way in; a tampered table shows here).
     * Checked against the protocol's ceiling: a lowered server limit must not lock a log.
     */
    private static @Nullable DeviceList replay(
            String user, List<DeviceEntry> log, byte[] accountKey) {
        if (log.isEmpty()) {
            return null;
        }
        try {
            return DeviceChain.verify(user, log, accountKey, DeviceChain.MAX_DEVICES);
        } catch (CryptoException ex) {
            throw new ApiException(
                    409,
                    "device_log_corrupt",
                    "The stored device log does not verify: " + ex.getMessage());
        }
    }

    private static DeviceEntry entry(DeviceChangeRequest request) {
        if (request == null || request.entry() == null) {
            throw ApiException.invalidRequest("The field 'entry' is missing.");
        }
        DeviceEntry e = request.entry();
        if (e.user() == null || e.action() == null || e.prev() == null || e.sig() == null) {
            throw ApiException.invalidRequest("The entry lacks one of user, action, prev, sig.");
        }
        return e;
    }

    static ApiException staleLog(long seq) {
        return new ApiException(
                409,
                "stale_log",
                "The device log already has an entry "
                        + seq
                        + ": read the log again and sign the change after its newest entry.");
    }
}
