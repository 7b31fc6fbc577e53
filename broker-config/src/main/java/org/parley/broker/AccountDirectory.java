package org.parley.broker;

/**
 * What a broker needs to know about accounts beyond the token in front of it: whether a name is an
 * account (inboxes are created only for accounts) and whom an account lets follow its presence.
 * Answers may be cached; when the truth cannot be learned, the answer is "no", so a refused action
 * changes nothing and an accepted message always has a real inbox.
 */
public interface AccountDirectory {

    /**
     * Whether {@code user} (a valid username) is an account; false when that cannot be told now.
     */
    boolean isAccount(String user);

    /**
     * Whether {@code owner} lets {@code viewer} follow their presence; false when that cannot be
     * told now.
     */
    boolean mayFollowPresence(String viewer, String owner);

    /**
     * Whether the directory knows that {@code owner} does not let {@code viewer} follow their
     * presence (false when it cannot tell): what closes existing subscriptions, so an auth server
     * outage does not cut everyone's presence.
     */
    default boolean knownNotToPermit(String viewer, String owner) {
        return false;
    }

    /**
     * Every valid username is an account and everyone may follow everyone: only for embedded nodes
     * without an auth server (unit tests of the broker and the client's transport).
     */
    static AccountDirectory open() {
        return new AccountDirectory() {
            @Override
            public boolean isAccount(String user) {
                return true;
            }

            @Override
            public boolean mayFollowPresence(String viewer, String owner) {
                return true;
            }

            @Override
            public String toString() {
                return "AccountDirectory[open]";
            }
        };
    }
}
