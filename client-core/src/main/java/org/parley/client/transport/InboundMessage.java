package org.parley.client.transport;

/**
 * One broker message taken from the inbox.
 *
 * @param body          the UTF-8 envelope JSON, or {@code null} if the message was not a usable
 *                      bytes message (wrong type, over the size limit)
 * @param validatedUser the broker-stamped {@code _AMQ_VALIDATED_USER}, or {@code null} if absent
 */
public record InboundMessage(byte[] body, String validatedUser) {
}
