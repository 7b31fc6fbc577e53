package org.parley.client;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.parley.model.Ids;

/**
 * Group chats of a session (docs/PROTOCOL.md, "Groups"). Membership changes are signed with this
 * account's identity key and checked by the server and by every member; messages are sealed once,
 * their content key wrapped for each member of the current verified membership, and put in every
 * member's inbox. Group messages appear in {@code Session.conversations()} under {@link
 * #conversationKey}, and through {@code SessionListener.onMessage} like any other.
 *
 * <p>Everything that talks to a server returns a future completed on a worker thread. Refusals come
 * as {@link org.parley.client.exceptions.ParleyException}s with a sentence for a person (e.g. "Only
 * the group's admin (alice) may add members.").
 */
public interface Groups {

    String CONVERSATION_PREFIX = "#";

    /** The key of a group's conversation: {@code "#" + groupId} (no username starts with '#'). */
    static String conversationKey(String groupId) {
        return CONVERSATION_PREFIX + groupId;
    }

    /** The group id of a conversation key, if it is a group's. */
    static Optional<String> groupOf(String conversation) {
        if (conversation != null
                && conversation.startsWith(CONVERSATION_PREFIX)
                && Ids.isValid(conversation.substring(1))) {
            return Optional.of(conversation.substring(1));
        }
        return Optional.empty();
    }

    /** Creates a group with this user as admin and {@code members} (usernames) in it. */
    CompletableFuture<GroupInfo> create(String name, Collection<String> members);

    /** The groups this user is a verified member of, fresh from the server. */
    CompletableFuture<List<GroupInfo>> list();

    /** One group, fresh from the server and verified. */
    CompletableFuture<GroupInfo> refresh(String groupId);

    /** The last verified state of a group this session has seen, from memory. */
    Optional<GroupInfo> cached(String groupId);

    /** Admin only. */
    CompletableFuture<GroupInfo> add(String groupId, String user);

    /** Admin only; the removed member gets nothing sent after this. */
    CompletableFuture<GroupInfo> remove(String groupId, String user);

    /** Any member but the admin. */
    CompletableFuture<Void> leave(String groupId);

    /** Admin only. */
    CompletableFuture<GroupInfo> rename(String groupId, String name);

    /** Admin only: makes {@code user} (a member) the admin. */
    CompletableFuture<GroupInfo> transferAdmin(String groupId, String user);

    /** Admin only. */
    CompletableFuture<Void> delete(String groupId);

    /**
     * Seals a text once for every current member and puts it in each one's inbox. In the same order
     * as the session's other sends, and failing the same way ({@code Session}: "Send order", "Send
     * failures").
     */
    CompletableFuture<OutgoingMessage> sendText(String groupId, String text);

    /**
     * Sends a file to the group (docs/PROTOCOL.md, "Files"): encrypted once, its description sealed
     * once for every other current member, and streamed to each one's inbox under one id. Returns
     * at once, like {@code Session.sendFile}; the transfer's result completes when every member's
     * inbox has it durably. Same as {@code Session.sendFile(conversationKey(groupId), file)}.
     */
    org.parley.client.FileTransfer sendFile(String groupId, java.nio.file.Path file);

    /** The group's conversation, oldest first. */
    List<StoredMessage> history(String groupId);
}
