package org.parley.client.transport;

import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * One broker message taken from the inbox.
 *
 * @param body the UTF-8 envelope JSON, or {@code null} if the message was not a usable bytes
 *     message (wrong type, over the size limit)
 * @param validatedUser the broker-stamped {@code _AMQ_VALIDATED_USER}, or {@code null} if absent
 * @param spooled for a streamed file message: its whole body, saved to a temporary file that the
 *     transport deletes once the batch is handled; else {@code null}
 */
public record InboundMessage(
        byte @Nullable [] body, @Nullable String validatedUser, @Nullable Path spooled) {

    public InboundMessage(byte @Nullable [] body, @Nullable String validatedUser) {

        this(body, validatedUser, null);
    }

    /** The sender as the broker stamped it, for a report about a message that claims another. */
    public String senderLabel() {
        return validatedUser == null ? "an unidentified sender" : validatedUser;
    }
}
