package org.parley.client;

/** The result of a send: the message id and its state when the future completed (normally SENT). */
public record OutgoingMessage(String id, String to, String text, long sentAt, MessageState state) {}
