package org.parley.client.store;

/**
 * An authentic-looking envelope that could only be opened with a key the user has not accepted
 * yet. Kept (encrypted at rest) and not shown; re-examined when the key change is accepted.
 */
public record HeldEnvelope(String id, String from, byte[] envelope, String validatedUser, long heldAt) {
}
