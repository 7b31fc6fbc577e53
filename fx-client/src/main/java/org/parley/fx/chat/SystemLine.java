package org.parley.fx.chat;

import java.time.LocalDate;

/** A line in a group conversation about its membership: "alice added bob", "carol left". */
public record SystemLine(String id, long ts, LocalDate day, String text) implements ChatRow {}
