package org.parley.client;

/**
 * Events of a {@link Session}. Called from the session's worker threads, never the caller's; a UI
 * hands them over to its own thread. Must not block for long.
 */
public interface SessionListener {

    /**
     * A message was stored: an incoming one after it passed every check, or an outgoing one just
     * queued.
     */
    default void onMessage(StoredMessage message) {}

    default void onMessageStateChanged(String id, MessageState state) {}

    default void onPresence(String user, boolean online) {}

    default void onConnectionState(ConnectionState state) {}

    /**
     * Some broker nodes cannot be reached (down, or cut off from the one this session uses):
     * messages waiting there for this user are delivered when they are back. Called again with an
     * empty set when every node is reachable. {@code brokers} are URLs from the login's list.
     */
    default void onUnreachableBrokers(java.util.Set<String> brokers) {}

    /**
     * The directory shows a new identity key for {@code user}; see {@link Session#acceptKeyChange}.
     */
    default void onKeyChanged(String user) {}

    /**
     * This session changed a group (created, added, removed, renamed, ...); the verified result.
     */
    default void onGroupChanged(org.parley.client.GroupInfo group) {}

    /**
     * An envelope failed a check (never shown as a message). The reason is for logs and
     * diagnostics.
     */
    default void onRejected(String reason) {}

    /**
     * A file message from {@code from} is arriving: {@code done} of {@code total} bytes are here.
     * It is shown (through {@link #onMessage}) only after it is complete and verified.
     */
    default void onFileProgress(String id, String from, long done, long total) {}
}
