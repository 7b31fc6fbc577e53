package org.parley.testing.stack;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.parley.crypto.primitives.CryptoException;
import org.parley.model.EnvelopeHeader;
import org.parley.model.Json;
import org.parley.model.PublicKeys;

/**
 * A group text sealed by hand the way client-core seals one (the text and the epoch it is labelled
 * with, for every recipient), for tests that put it into inboxes themselves: with any epoch, from
 * anyone, to anyone.
 */
public record SealedGroupText(EnvelopeHeader header, byte[] envelope) {

    /** The plaintext of a group text, as client-core writes it. */
    private record Body(String text, long epoch) {}

    public static SealedGroupText seal(
            TestAccount sender,
            String groupId,
            String text,
            long epoch,
            Map<String, PublicKeys> recipients)
            throws CryptoException {
        EnvelopeHeader header =
                EnvelopeHeader.group(
                        sender.username(), groupId, System.currentTimeMillis(), "text");
        byte[] plaintext = Json.write(new Body(text, epoch)).getBytes(StandardCharsets.UTF_8);
        return new SealedGroupText(
                header, sender.crypto().sealGroup(header, plaintext, recipients).toBytes());
    }
}
