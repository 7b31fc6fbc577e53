package org.parley.client.transport;

/** Supplies the broker login: the Parley username and a current session token. */
public interface BrokerCredentials {
    String username();

    /**
     * A session token to connect with. May block to renew it (HTTP).
     *
     * @param renew the broker refused the last token: get a fresh one
     * @throws org.parley.client.exceptions.SessionExpiredException if no valid token can be had any
     *     more
     */
    String token(boolean renew);
}
