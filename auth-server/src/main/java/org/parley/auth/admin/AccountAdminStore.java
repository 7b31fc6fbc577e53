package org.parley.auth.admin;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The account side of administration. Implementations throw {@code StoreUnavailableException} when
 * the store fails.
 */
public interface AccountAdminStore {

    /**
     * Accounts whose name starts with {@code prefix} (empty: all), by name, at most {@code limit}.
     */
    List<AccountSummary> search(String prefix, int limit);

    Optional<AccountSummary> find(String username);

    long count();

    /**
     * Disables the account and revokes its tokens ({@code tokens_not_before = at}), recording
     * {@code audit} in the same transaction.
     *
     * @return false if there is no such account
     */
    boolean disable(String username, Instant at, AuditEntry audit);

    /**
     * Enables the account (old tokens stay revoked), recording {@code audit} in the same
     * transaction.
     */
    boolean enable(String username, AuditEntry audit);

    /** Groups by most recently changed first, at most {@code limit}, with their current members. */
    List<GroupSummary> groups(int limit);

    /** How many groups there are. */
    long groupCount();

    /** Every {@code tokens_not_before} later than {@code since}: what brokers must still refuse. */
    Map<String, Instant> revocationsSince(Instant since);
}
