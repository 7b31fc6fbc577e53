package org.parley.fx.chat;

import java.time.LocalDate;

/** "Today", "Yesterday" or a date, above the first message of a day. */
public record DaySeparator(LocalDate day, String label) implements ChatRow {}
