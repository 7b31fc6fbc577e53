package org.parley.client.transport;

import org.parley.client.ConnectionState;
import org.parley.client.ParleyException;

/** Connection events of a {@link Transport}; called from the transport's threads. */
public interface TransportListener {
    default void onConnectionState(ConnectionState state) {
    }

    default void onPresence(String user, boolean online) {
    }

    /** The transport gave up for good (e.g. the session token can no longer be renewed). */
    default void onFatal(ParleyException reason) {
    }
}
