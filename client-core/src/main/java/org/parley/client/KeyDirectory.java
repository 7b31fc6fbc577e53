package org.parley.client;

import org.parley.model.PublicKeys;

/** Where current public keys come from: the auth server's {@code /users/{name}/keys}. */
@FunctionalInterface
interface KeyDirectory {
    /**
     * @throws UnknownUserException if there is no such user
     * @throws ServerUnavailableException if the directory cannot be reached
     */
    PublicKeys lookup(String username);
}
