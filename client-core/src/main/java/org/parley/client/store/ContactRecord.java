package org.parley.client.store;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * A pinned identity key and what the user decided about it. Keys are raw 32-byte public keys.
 *
 * @param pendingSigning a different key seen in the directory, not yet accepted ({@code null} if
 *     none)
 * @param reverifyRequired the contact was verified before its key changed: sending stays refused
 *     until the user verifies the new safety number
 */
public record ContactRecord(
        String username,
        byte[] signing,
        byte[] agreement,
        boolean verified,
        byte @Nullable [] pendingSigning,
        byte @Nullable [] pendingAgreement,
        boolean reverifyRequired,
        long firstSeen) {

    public static ContactRecord pinned(
            String username, byte[] signing, byte[] agreement, long now) {
        return new ContactRecord(username, signing, agreement, false, null, null, false, now);
    }

    public boolean keyChangePending() {
        return pendingSigning != null;
    }

    public boolean pinnedKeysEqual(
            byte @Nullable [] otherSigning, byte @Nullable [] otherAgreement) {

        return Arrays.equals(signing, otherSigning) && Arrays.equals(agreement, otherAgreement);
    }

    public boolean pendingKeysEqual(
            byte @Nullable [] otherSigning, byte @Nullable [] otherAgreement) {
        return Arrays.equals(pendingSigning, otherSigning)
                && Arrays.equals(pendingAgreement, otherAgreement);
    }

    public ContactRecord withPending(byte[] newSigning, byte[] newAgreement) {
        return new ContactRecord(
                username,
                signing,
                agreement,
                verified,
                newSigning,
                newAgreement,
                reverifyRequired,
                firstSeen);
    }

    /**
     * Pins the pending key. A verified contact loses its verification and must be verified again.
     */
    public ContactRecord acceptPending() {
        // Both pending keys are set together (withPending).
        if (pendingSigning == null || pendingAgreement == null) {
            return this;
        }
        return new ContactRecord(
                username,
                pendingSigning,
                pendingAgreement,
                false,
                null,
                null,
                verified || reverifyRequired,
                firstSeen);
    }

    public ContactRecord withVerified(boolean v) {
        return new ContactRecord(
                username,
                signing,
                agreement,
                v,
                pendingSigning,
                pendingAgreement,
                v ? false : reverifyRequired,
                firstSeen);
    }
}
