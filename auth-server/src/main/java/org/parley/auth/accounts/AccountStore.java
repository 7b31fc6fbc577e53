package org.parley.auth.accounts;

import java.time.Instant;
import java.util.Optional;
import org.parley.auth.http.StoreUnavailableException;

/**
 * Persistence of accounts. Implementations throw {@link StoreUnavailableException} when the store
 * fails.
 */
public interface AccountStore {

    /**
     * @param username canonical (already normalized)
     */
    Optional<Account> find(String username);

    /**
     * Creates the account.
     *
     * @return false if the username is taken (also when another request took it a moment ago)
     */
    boolean create(Account account);

    void recordLogin(String username, Instant at);
}
