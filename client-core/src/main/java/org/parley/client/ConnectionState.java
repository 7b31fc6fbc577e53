package org.parley.client;

/**
 * State of the session's broker connection, reported through {@link
 * SessionListener#onConnectionState}.
 */
public enum ConnectionState {
    CONNECTED,
    /**
     * Lost the broker; trying the next URL in the list. Sends are queued and retried with the same
     * id.
     */
    RECONNECTING,
    /** Closed (logout) or given up. */
    DISCONNECTED
}
