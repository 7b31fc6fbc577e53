package org.parley.fx.chat;

/** One row of the chat: a day separator or a message. */
public sealed interface ChatRow permits DaySeparator, MessageItem {
}
