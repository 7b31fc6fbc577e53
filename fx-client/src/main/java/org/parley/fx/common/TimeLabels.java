package org.parley.fx.common;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.time.format.TextStyle;
import java.util.Locale;
import java.util.Objects;

/** Times and days as a messenger shows them, in the clock's zone. */
public final class TimeLabels {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm");
    private static final DateTimeFormatter SHORT_DATE =
            DateTimeFormatter.ofLocalizedDate(FormatStyle.SHORT);
    private static final DateTimeFormatter LONG_DATE =
            DateTimeFormatter.ofLocalizedDate(FormatStyle.LONG);
    private final Clock clock;

    public TimeLabels(Clock clock) {
        this.clock = Objects.requireNonNull(clock);
    }

    public LocalDate day(long epochMillis) {
        return at(epochMillis).toLocalDate();
    }

    /** {@code 14:05}: the time of a message. */
    public String time(long epochMillis) {
        return TIME.format(at(epochMillis));
    }

    /**
     * For the conversation list: the time today, "Yesterday", the weekday within a week, else the
     * date.
     */
    public String compact(long epochMillis) {
        LocalDate day = day(epochMillis);
        LocalDate today = LocalDate.now(clock);
        if (day.equals(today)) {
            return time(epochMillis);
        }
        if (day.equals(today.minusDays(1))) {
            return "Yesterday";
        }
        if (day.isAfter(today.minusDays(7)) && day.isBefore(today)) {
            return weekday(day.getDayOfWeek());
        }
        return SHORT_DATE.format(day);
    }

    /** For a day separator in a chat: "Today", "Yesterday", else the full date. */
    public String dayHeading(LocalDate day) {
        LocalDate today = LocalDate.now(clock);
        if (day.equals(today)) {
            return "Today";
        }
        if (day.equals(today.minusDays(1))) {
            return "Yesterday";
        }
        return weekday(day.getDayOfWeek()) + ", " + LONG_DATE.format(day);
    }

    private static String weekday(DayOfWeek d) {
        return d.getDisplayName(TextStyle.FULL, Locale.getDefault());
    }

    private ZonedDateTime at(long epochMillis) {
        return Instant.ofEpochMilli(epochMillis).atZone(clock.getZone());
    }
}
