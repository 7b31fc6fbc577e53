package org.parley.client.store;

/** A sealed outgoing envelope not yet accepted by a broker; resent with the same id. */
public record PendingEnvelope(String id, String to, byte[] envelope) {}
