package org.parley.fx.login;

import java.util.Locale;
import java.util.Set;

/**
 * A rough estimate of how hard a password is to guess, for the meter on the sign-up form. It counts
 * the size of the character pool and the length, and takes off for repeats, runs such as "abcd" or
 * "1234", and a handful of the most common passwords. Advice, not a rule: the only hard rule is
 * client-core's minimum length.
 */
public enum PasswordStrength {
    EMPTY("", 0.0),
    WEAK("Weak", 0.25),
    FAIR("Fair", 0.5),
    GOOD("Good", 0.75),
    STRONG("Strong", 1.0);

    private static final Set<String> COMMON =
            Set.of(
                    "password",
                    "password1",
                    "passw0rd",
                    "12345678",
                    "123456789",
                    "1234567890",
                    "qwerty",
                    "qwertyuiop",
                    "iloveyou",
                    "letmein",
                    "welcome",
                    "admin",
                    "abc123",
                    "monkey",
                    "dragon",
                    "football",
                    "baseball",
                    "sunshine",
                    "princess",
                    "trustno1",
                    "parley",
                    "secret");

    private final String label;
    private final double fraction;

    PasswordStrength(String label, double fraction) {
        this.label = label;
        this.fraction = fraction;
    }

    /** What the meter says, e.g. "Fair". */
    public String label() {
        return label;
    }

    /** How full the meter is, 0..1. */
    public double fraction() {
        return fraction;
    }

    public static PasswordStrength of(String password, int minimumLength) {
        if (password == null || password.isEmpty()) {
            return EMPTY;
        }
        if (password.length() < minimumLength
                || COMMON.contains(password.toLowerCase(Locale.ROOT))) {
            return WEAK;
        }
        double bits = entropyBits(password);
        if (bits < 36) {
            return WEAK;
        }
        if (bits < 50) {
            return FAIR;
        }
        if (bits < 70) {
            return GOOD;
        }
        return STRONG;
    }

    /**
     * Pool size from the character classes used, times the length, less what repeats and runs give
     * away.
     */
    static double entropyBits(String password) {
        boolean lower = false;
        boolean upper = false;
        boolean digit = false;
        boolean symbol = false;
        boolean other = false;
        for (int i = 0; i < password.length(); i++) {
            char c = password.charAt(i);
            if (c >= 'a' && c <= 'z') {
                lower = true;
            } else if (c >= 'A' && c <= 'Z') {
                upper = true;
            } else if (c >= '0' && c <= '9') {
                digit = true;
            } else if (c < 128) {
                symbol = true;
            } else {
                other = true;
            }
        }
        int pool =
                (lower ? 26 : 0)
                        + (upper ? 26 : 0)
                        + (digit ? 10 : 0)
                        + (symbol ? 33 : 0)
                        + (other ? 100 : 0);
        double perChar = Math.log(Math.max(pool, 2)) / Math.log(2);
        double effective = 0;
        for (int i = 0; i < password.length(); i++) {
            char c = password.charAt(i);
            boolean repeat = i > 0 && password.charAt(i - 1) == c;
            boolean run =
                    i > 0
                            && Math.abs(password.charAt(i - 1) - c) == 1
                            && (i < 2
                                    || password.charAt(i - 1) - password.charAt(i - 2)
                                            == c - password.charAt(i - 1));
            effective += repeat || run ? 0.25 : 1.0;
        }
        return effective * perChar;
    }
}
