package org.parley.client.contacts;

import org.parley.client.exceptions.InvalidInputException;
import org.parley.client.exceptions.InvalidUsernameException;
import org.parley.model.Usernames;

/** Usernames as a person typed them: trimmed and normalized, or refused with the rule. */
public final class UsernameInput {
    private UsernameInput() {}

    /**
     * The canonical form of {@code typed} ({@link Usernames#normalize}, after trimming).
     *
     * @throws InvalidUsernameException if it is not a valid username
     */
    public static String normalize(String typed) {
        try {
            return Usernames.normalize(typed == null ? "" : typed.trim());
        } catch (IllegalArgumentException e) {
            throw new InvalidUsernameException(Usernames.RULE);
        }
    }

    /**
     * The normalized recipient of {@code what} ("a message", "a file") sent by {@code me}, refusing
     * bad names and oneself.
     */
    public static String recipient(String typed, String me, String what) {
        String to = normalize(typed);
        if (to.equals(me)) {
            throw new InvalidInputException("You cannot send " + what + " to yourself.");
        }
        return to;
    }
}
