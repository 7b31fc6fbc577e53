package org.parley.client.transport;

import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.parley.client.ConnectionState;

/**
 * A connection to the broker cluster for one user: consumes the user's inbox in batches, sends
 * envelopes to other inboxes, follows presence addresses, and reconnects (failing over through its
 * broker list) on its own.
 */
public interface Transport extends AutoCloseable {

    /**
     * Connects to the first reachable broker and starts delivering inbox batches to {@code
     * handler}. Blocks until connected.
     *
     * @throws org.parley.client.exceptions.ParleyException if no broker could be reached or the
     *     login was refused
     */
    void start(InboundHandler handler, TransportListener listener);

    /**
     * Sends one envelope to {@code recipient}'s inbox: persistent, blocking until the broker has it
     * durably, with {@code _AMQ_DUPL_ID = envelopeId} so a retry is delivered once.
     */
    void send(String recipient, String envelopeId, byte[] body) throws TransportException;

    /**
     * Streams one file message to {@code recipient}'s inbox as an Artemis large message (the body
     * is read from {@code body} in pieces, never held whole), persistent, with {@code _AMQ_DUPL_ID
     * = envelopeId}, returning once the broker has all of it durably.
     */
    void sendStream(String recipient, String envelopeId, java.io.InputStream body)
            throws TransportException;

    /** Follows {@code user}'s presence address; kept across reconnects. Best effort. */
    void subscribePresence(String user);

    ConnectionState state();

    /** The URL of the broker currently connected to, or {@code null} while disconnected. */
    default @Nullable String currentBroker() {

        return null;
    }

    /**
     * Broker URLs of the list that are not members of the cluster as the connected node sees it
     * (down, or cut off from it): messages waiting there arrive when they are back. Empty when all
     * are reachable or while this is not known yet.
     */
    default java.util.Set<String> unreachableBrokers() {
        return java.util.Set.of();
    }

    /** Waits until the state is CONNECTED or the timeout passes; false if it did not happen. */
    boolean awaitConnected(Duration timeout) throws InterruptedException;

    @Override
    void close();
}
