package org.parley.client.contacts;

import org.parley.client.exceptions.ServerUnavailableException;
import org.parley.client.exceptions.UnknownUserException;
import org.parley.model.PublicKeys;

/** Where current public keys come from: the auth server's {@code /users/{name}/keys}. */
@FunctionalInterface
public interface KeyDirectory {
    /**
     * @throws UnknownUserException if there is no such user
     * @throws ServerUnavailableException if the directory cannot be reached
     */
    PublicKeys lookup(String username);
}
