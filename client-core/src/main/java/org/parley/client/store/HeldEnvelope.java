package org.parley.client.store;

import org.jspecify.annotations.Nullable;

/**
 * An envelope that cannot be judged yet: kept (encrypted at rest), not shown, and examined again
 * when the user accepts a key change or the key directory answers.
 */
public record HeldEnvelope(
        String id,
        String from,
        byte[] envelope,
        @Nullable String validatedUser,
        long heldAt,
        Reason reason) {

    public enum Reason {
        /** Opens only with a key the directory now shows but the user has not accepted. */
        KEY_CHANGE,
        /** The sender is new and the key directory could not be reached to pin their key. */
        KEY_LOOKUP
    }
}
