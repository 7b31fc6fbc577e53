package org.parley.broker.console;

import java.util.Optional;

/**
 * Checks an operator's name and password for the broker console. Operators are not chat users: they
 * live in the auth server's {@code operators} table with their own bcrypt passwords, and a chat
 * session token is never accepted here.
 */
@FunctionalInterface
public interface OperatorAuthenticator {

    /**
     * @return the operator's canonical name when the password is right; empty for a wrong password,
     *     an unknown operator, a throttled attempt or an unreachable operator store
     */
    Optional<String> authenticate(String username, String password);
}
