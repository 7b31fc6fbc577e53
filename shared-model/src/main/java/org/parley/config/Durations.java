package org.parley.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** The one duration syntax of Parley's server configuration. */
public final class Durations {

    /** What {@link #parse} accepts, for error messages. */
    public static final String EXPECTED = "a duration such as 30s, 15m, 2h, 1d or PT15M";

    private Durations() {}

    /**
     * Accepts a number with a unit, {@code 90s}, {@code 15m}, {@code 2h}, {@code 1d}; a bare number
     * of seconds; or ISO-8601 ({@code PT15M}).
     *
     * @throws IllegalArgumentException if it is none of these
     */
    public static Duration parse(String text) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        if (s.startsWith("p")) {
            try {
                return Duration.parse(s.toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
        }
        long factor =
                switch (s.isEmpty() ? ' ' : s.charAt(s.length() - 1)) {
                    case 's' -> 1;
                    case 'm' -> 60;
                    case 'h' -> 3600;
                    case 'd' -> 86400;
                    default -> 0;
                };
        String number = factor == 0 ? s : s.substring(0, s.length() - 1).trim();
        try {
            return Duration.ofSeconds(
                    Math.multiplyExact(Long.parseLong(number), Math.max(factor, 1)));
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("too long: " + text, e);
        }
    }
}
