package org.parley.auth.accounts;

import java.time.Instant;
import java.util.Optional;
import org.parley.auth.http.ApiException;
import org.parley.auth.http.StoreUnavailableException;
import org.parley.model.Usernames;

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
     * The account a name from a request names, in any spelling {@link Usernames#normalize} accepts.
     *
     * @throws ApiException 404 {@code unknown_user}, also for a name that cannot exist
     */
    default Account named(String name) {
        String username;
        try {
            username = Usernames.normalize(name);
        } catch (IllegalArgumentException e) {
            throw ApiException.unknownUser();
        }
        return find(username).orElseThrow(ApiException::unknownUser);
    }

    /**
     * Creates the account.
     *
     * @return false if the username is taken (also when another request took it a moment ago)
     */
    boolean create(Account account);

    void recordLogin(String username, Instant at);
}
