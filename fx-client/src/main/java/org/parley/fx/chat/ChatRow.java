package org.parley.fx.chat;

/** One row of the chat: a day separator, a message or a group system line. */
public sealed interface ChatRow permits DaySeparator, MessageItem, SystemLine {}
