package org.parley.client.exceptions;

import java.time.Duration;

/** Too many failed attempts; the server asks the client to wait. */
public class ThrottledException extends ParleyException {
    private static final long serialVersionUID = 1L;
    private final Duration retryAfter;

    public ThrottledException(Duration retryAfter) {
        super("Too many attempts. Try again in " + describe(retryAfter) + ".");
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }

    private static String describe(Duration d) {
        long s = Math.max(1, d.toSeconds());
        if (s < 120) {
            return s + (s == 1 ? " second" : " seconds");
        }
        long m = (s + 59) / 60;
        return m + " minutes";
    }
}
