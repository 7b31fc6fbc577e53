package org.parley.auth.admin;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.parley.auth.http.ApiException;
import org.parley.model.Usernames;

/**
 * What an operator can see and do about accounts and the cluster: overview, user search, disable
 * and enable. It works on account metadata and broker statistics only; it has no way to read a
 * message, and would see only ciphertext if it had.
 */
public final class AccountAdmin {

    public static final int MAX_RESULTS = 50;

    /** A user row of the admin page. {@code backlog} is -1 when no broker answered. */
    public record UserView(
            String username,
            Instant createdAt,
            @Nullable Instant lastLoginAt,
            boolean disabled,
            boolean online,
            long backlog) {}

    /** The cluster overview. */
    public record Overview(
            long accounts, List<BrokerFleet.NodeStatus> nodes, boolean brokersConfigured) {}

    /**
     * The outcome of disabling: the account's state, and which nodes took the revocation at once.
     */
    public record Change(
            String username,
            boolean disabled,
            @Nullable Instant tokensNotBefore,
            List<BrokerFleet.Delivery> brokers) {}

    private final AccountAdminStore accounts;
    private final BrokerFleet fleet;
    private final Clock clock;

    public AccountAdmin(AccountAdminStore accounts, BrokerFleet fleet, Clock clock) {
        this.accounts = Objects.requireNonNull(accounts, "accounts");
        this.fleet = Objects.requireNonNull(fleet, "fleet");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public Overview overview() {
        return new Overview(accounts.count(), fleet.status(), fleet.reachable());
    }

    /** Accounts whose name starts with {@code query} (case-folded; empty lists the first ones). */
    public List<UserView> search(String query, int limit) {
        String prefix = query == null ? "" : query.strip().toLowerCase(java.util.Locale.ROOT);
        if (prefix.length() > Usernames.MAX_LENGTH || !prefix.matches("[a-z0-9._-]*")) {
            throw ApiException.invalidRequest(
                    "Search by the start of a username (a-z, 0-9, dot, dash, underscore).");
        }
        List<AccountSummary> found =
                accounts.search(prefix, Math.max(1, Math.min(limit, MAX_RESULTS)));
        Map<String, BrokerFleet.InboxState> inboxes =
                fleet.inboxes(found.stream().map(AccountSummary::username).toList());
        List<UserView> users = new ArrayList<>();
        for (AccountSummary account : found) {
            BrokerFleet.InboxState inbox =
                    inboxes.getOrDefault(account.username(), BrokerFleet.InboxState.UNKNOWN);
            users.add(
                    new UserView(
                            account.username(),
                            account.createdAt(),
                            account.lastLoginAt(),
                            account.disabled(),
                            inbox.online(),
                            inbox.backlog()));
        }
        return users;
    }

    /**
     * Disables the account: no login, no refresh, every token issued until now refused by the auth
     * server and (told at once, and again by {@link RevocationSync}) by every broker node, whose
     * open connections of that user are closed.
     */
    /**
     * The most recently changed groups, at most {@link #MAX_RESULTS}, and how many there are in
     * all.
     */
    public GroupList groups() {
        return new GroupList(accounts.groupCount(), accounts.groups(MAX_RESULTS));
    }

    public record GroupList(long total, List<GroupSummary> groups) {}

    public Change disable(String operator, String username) {
        String name = existing(username);
        Instant now = clock.instant();
        if (!accounts.disable(
                name,
                now,
                AuditEntry.of(
                        operator,
                        now,
                        AuditEntry.ACCOUNT_DISABLE,
                        name,
                        "tokens issued before " + now + " revoked"))) {
            throw ApiException.unknownUser();
        }
        return new Change(name, true, now, fleet.revoke(name, now));
    }

    /** Lets the account log in again; tokens from before the disabling stay revoked. */
    public Change enable(String operator, String username) {
        String name = existing(username);
        Instant now = clock.instant();
        if (!accounts.enable(
                name, AuditEntry.of(operator, now, AuditEntry.ACCOUNT_ENABLE, name, null))) {
            throw ApiException.unknownUser();
        }
        return new Change(name, false, null, List.of());
    }

    private String existing(String username) {
        try {
            return Usernames.normalize(username);
        } catch (IllegalArgumentException e) {
            throw ApiException.unknownUser();
        }
    }
}
