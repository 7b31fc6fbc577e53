package org.parley.auth.admin;

import java.time.Instant;
import java.util.Optional;

/**
 * Persistence of operators. Implementations throw {@code StoreUnavailableException} when the store
 * fails.
 */
public interface OperatorStore {

    Optional<Operator> find(String username);

    /**
     * @return false if the name is taken
     */
    boolean create(String username, String passwordHash, Instant at);

    void recordLogin(String username, Instant at);

    /**
     * Whether a chat account of that name exists (an operator must not share a chat account's
     * name).
     */
    boolean isChatAccount(String username);
}
