package org.parley.model;

import java.util.Optional;

/**
 * Broker address names. Usernames are validated first so that no input can smuggle wildcard or
 * separator characters into an address.
 */
public final class Addresses {

    public static final String INBOX_PREFIX = "parley.inbox.";
    public static final String PRESENCE_PREFIX = "parley.presence.";

    private Addresses() {}

    /** The durable anycast inbox address (and queue) of {@code user}. */
    public static String inbox(String user) {
        return INBOX_PREFIX + requireUser(user);
    }

    /** The multicast presence address of {@code user}. */
    public static String presence(String user) {
        return PRESENCE_PREFIX + requireUser(user);
    }

    /** The user whose inbox {@code address} is, if it is exactly an inbox address. */
    public static Optional<String> inboxOwner(String address) {
        return owner(address, INBOX_PREFIX);
    }

    /** The user whose presence address {@code address} is, if it is exactly one. */
    public static Optional<String> presenceOwner(String address) {
        return owner(address, PRESENCE_PREFIX);
    }

    private static Optional<String> owner(String address, String prefix) {
        if (address == null || !address.startsWith(prefix)) {
            return Optional.empty();
        }
        String user = address.substring(prefix.length());
        return Usernames.isValid(user) ? Optional.of(user) : Optional.empty();
    }

    private static String requireUser(String user) {
        if (!Usernames.isValid(user)) {
            throw new IllegalArgumentException(Usernames.RULE);
        }
        return user;
    }
}
