package org.parley.client;

/**
 * A user whose identity key this profile has pinned.
 *
 * @param verified the user compared safety numbers and marked them verified
 * @param keyChangePending the directory now shows a different key; the old pin stays until accepted
 * @param reverifyRequired the key changed after verification; sending is refused until verified
 *     again
 */
public record Contact(
        String username, boolean verified, boolean keyChangePending, boolean reverifyRequired) {

    /** Whether sending to this contact is currently refused. */
    public boolean sendingBlocked() {
        return keyChangePending || reverifyRequired;
    }
}
