package org.parley.client.transport;

import org.parley.client.ConnectionState;
import org.parley.client.exceptions.ParleyException;

/** Connection events of a {@link Transport}; called from the transport's threads. */
public interface TransportListener {
    default void onConnectionState(ConnectionState state) {}

    default void onPresence(String user, boolean online) {}

    /**
     * The broker nodes of the login's list that the cluster, as seen from the connected node, does
     * not have right now (empty: all reachable). Called when that changes.
     */
    default void onUnreachableBrokers(java.util.Set<String> brokerUrls) {}

    /** The transport gave up for good (e.g. the session token can no longer be renewed). */
    default void onFatal(ParleyException reason) {}

    /**
     * Progress of a streamed (file) message being received: {@code done} of {@code total} bytes of
     * the message with envelope id {@code id} from {@code from} (the broker-validated sender).
     */
    default void onStreamProgress(String id, String from, long done, long total) {}
}
