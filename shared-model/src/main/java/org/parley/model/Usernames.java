package org.parley.model;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Usernames are plain lowercase ASCII after NFKC and case folding, so a name cannot be spoofed with
 * look-alike letters from other scripts, and it is safe in broker addresses and SQL.
 */
public final class Usernames {

    public static final int MIN_LENGTH = 3;
    public static final int MAX_LENGTH = 32;
    public static final String RULE =
            "Usernames are 3 to 32 characters: a-z, 0-9, dot, dash, underscore"
                    + " (no dot at the start or end, no two dots in a row).";

    private static final Pattern SHAPE = Pattern.compile("[a-z0-9._-]{3,32}");
    // NFKC can expand a code point to many characters; there is no point normalizing a huge input.
    private static final int MAX_RAW_LENGTH = 256;

    private Usernames() {}

    /**
     * Returns the canonical form of a username a person typed.
     *
     * @throws IllegalArgumentException if the result is not a valid username
     */
    public static String normalize(String raw) {
        if (raw == null || raw.length() > MAX_RAW_LENGTH) {
            throw new IllegalArgumentException(RULE);
        }
        String folded = Normalizer.normalize(raw, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        if (!isValid(folded)) {
            throw new IllegalArgumentException(RULE);
        }
        return folded;
    }

    /** True if {@code normalized} is already a canonical, valid username. */
    public static boolean isValid(String normalized) {
        return normalized != null
                && SHAPE.matcher(normalized).matches()
                && !normalized.startsWith(".")
                && !normalized.endsWith(".")
                && !normalized.contains("..");
    }
}
