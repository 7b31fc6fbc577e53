package org.parley.client;

/** One line of the conversation list: the peer, the newest message and how many are unread. */
public record Conversation(
        String peer, StoredMessage lastMessage, long lastActivity, int unreadCount) {}
