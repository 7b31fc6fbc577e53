package org.parley.client;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.parley.client.exceptions.InvalidInputException;
import org.parley.client.exceptions.KeyChangedException;
import org.parley.client.exceptions.MessageTooLongException;
import org.parley.client.exceptions.SendFailedException;
import org.parley.client.exceptions.UnknownUserException;

/**
 * A logged-in account: sends and receives 1:1 messages, keeps the local history, pins and verifies
 * contacts' keys. Reads ({@link #conversations()}, {@link #history}, {@link #contacts()}) are
 * answered from memory and are cheap; anything that talks to a server or the disk in a way that can
 * block returns a {@link CompletableFuture} completed on a worker thread. Events go to {@link
 * SessionListener}s. Close it with {@link #logout()} or {@link #close()}.
 *
 * <p>Send order: the texts one session sends (1:1 and group, from any threads) are sealed, stored
 * and handed to the transport one at a time, in the order of the {@link #sendText} (or {@link
 * org.parley.client.Groups#sendText}) calls; the broker receives them for each recipient in that
 * order, so a caller can fire several sends without waiting for the one before. Calls from one
 * thread keep that thread's order; calls racing from several threads are ordered as they arrive.
 * Files are sent one at a time in call order too, but each is stored only once it is encrypted, so
 * texts sent meanwhile may come before it.
 *
 * <p>Send failures: every send's future fails with a {@link SendFailedException} whose {@link
 * SendFailedException#kept()} says whether the message is in the history (then it shows as FAILED,
 * or stays SENDING and goes out at the next login) or was refused before it was stored (then the
 * caller holds the only copy); its cause is the reason.
 */
public interface Session extends AutoCloseable {

    /** The longest text {@link #sendText} accepts, in UTF-16 chars. */
    int MAX_TEXT_LENGTH = 4000;

    String username();

    void addListener(SessionListener listener);

    void removeListener(SessionListener listener);

    ConnectionState connectionState();

    /**
     * The broker URL this session is connected to (from the login's list), or empty while
     * disconnected.
     */
    java.util.Optional<String> connectedBroker();

    /**
     * Broker nodes (URLs from the login's list) that cannot be reached right now: messages waiting
     * there for this user arrive when they are back. Empty when all are reachable (or not known
     * yet). Changes are reported through {@link SessionListener#onUnreachableBrokers}.
     */
    java.util.Set<String> unreachableBrokers();

    /**
     * Seals and sends a text message. The message is stored (state SENDING, reported through {@link
     * SessionListener#onMessage}) before it goes out; the future completes when a broker has it
     * durably (SENT). If the connection is down it is retried with the same id until it gets
     * through (the future stays pending meanwhile; the message survives a restart). Sends are
     * handled in call order (see above). Fails with a {@link SendFailedException}: not kept for
     * {@link MessageTooLongException}, {@link InvalidInputException}, {@link UnknownUserException},
     * {@link KeyChangedException}, an unreachable directory or a closed session; kept when the
     * broker refused the stored message (e.g. {@link
     * org.parley.client.exceptions.InboxFullException}). {@code to} may also be a group's
     * conversation key ({@code "#" + groupId}): then it is {@code groups().sendText}.
     */
    CompletableFuture<OutgoingMessage> sendText(String to, String text);

    /**
     * Sends a file, end to end encrypted and streamed (docs/PROTOCOL.md, "Files"). Returns at once;
     * the work runs on a worker thread. The file's size is checked against {@link
     * ClientConfig#maxFileBytes()} before it is read ({@link
     * org.parley.client.exceptions.FileTooLargeException}). The message is stored (and reported
     * through {@link SessionListener#onMessage}) once the file is encrypted; the transfer's result
     * completes when a broker has all of it durably, or fails with a {@link SendFailedException}
     * (kept once the message was stored, e.g. when the transfer is cancelled while streaming).
     * Files go one at a time, in call order. Its text is an encoded {@link
     * org.parley.client.files.FileAttachment}: read it with {@link
     * org.parley.client.files.FileMessages#attachment}.
     */
    FileTransfer sendFile(String to, java.nio.file.Path file);

    /** All conversations, most recent first, with unread counts. */
    List<Conversation> conversations();

    /** The conversation with {@code peer}, oldest first. */
    List<StoredMessage> history(String peer);

    /** Marks the conversation as read (the unread count drops to zero). */
    void markRead(String peer);

    /** Everyone whose key this profile has pinned, in name order. */
    List<Contact> contacts();

    /**
     * The 60-digit safety number with {@code peer} (12 groups of 5), looking up and pinning their
     * key first if needed. With a key change pending, it is the number for the new key.
     */
    CompletableFuture<String> safetyNumber(String peer);

    /**
     * Records that the user compared the safety number with {@code peer} out of band. With a key
     * change pending, this accepts the new key and verifies it in one step.
     */
    CompletableFuture<Void> markVerified(String peer);

    /**
     * Pins the new key of {@code peer} after {@link SessionListener#onKeyChanged}. Messages held
     * back because they were sealed with that key are then shown. A contact that was verified stays
     * blocked for sending until {@link #markVerified} is called again.
     */
    CompletableFuture<Void> acceptKeyChange(String peer);

    /** Follows {@code peer}'s online status ({@link SessionListener#onPresence}). */
    void subscribePresence(String peer);

    /**
     * Waits until everything queued for sending (messages and delivery receipts) has reached a
     * broker, e.g. before a command-line tool exits. Returns false if the timeout passed first.
     */
    boolean awaitOutgoing(java.time.Duration timeout) throws InterruptedException;

    /** Group chats of this account. */
    org.parley.client.Groups groups();

    /** Ends the session: disconnects, stops token renewal, closes the local profile. */
    void logout();

    @Override
    void close();
}
