package org.parley.crypto;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import org.parley.model.PublicKeys;
import org.parley.model.Usernames;

/**
 * Safety numbers two people compare to check they hold each other's real keys (as Signal's numeric
 * fingerprints): 30 digits per party from 5200 iterations of SHA-512 over the party's keys and
 * name, the two halves in username order, so both sides see the same 60 digits.
 */
public final class SafetyNumbers {

    public static final int ITERATIONS = 5200;
    public static final int DIGITS = 60;

    private SafetyNumbers() {}

    public static String of(String userA, PublicKeys keysA, String userB, PublicKeys keysB) {
        String a = half(userA, keysA);
        String b = half(userB, keysB);
        int order = userA.compareTo(userB);
        // Same name twice (a note to self) still needs an order both sides agree on.
        boolean aFirst = order < 0 || (order == 0 && a.compareTo(b) <= 0);
        return aFirst ? a + b : b + a;
    }

    /** "12345 67890 ..." : 12 groups of 5 digits. */
    public static String formatted(String digits) {
        if (digits == null
                || digits.length() != DIGITS
                || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("A safety number is 60 digits.");
        }
        StringBuilder out = new StringBuilder(DIGITS + DIGITS / 5 - 1);
        for (int i = 0; i < DIGITS; i += 5) {
            if (i > 0) {
                out.append(' ');
            }
            out.append(digits, i, i + 5);
        }
        return out.toString();
    }

    private static String half(String username, PublicKeys keys) {
        if (!Usernames.isValid(username)) {
            throw new IllegalArgumentException(Usernames.RULE);
        }
        if (keys == null) {
            throw new IllegalArgumentException("The public keys are missing.");
        }
        byte[] signing = keys.signing();
        byte[] agreement = keys.agreement();
        if (signing == null
                || signing.length != 32
                || agreement == null
                || agreement.length != 32) {
            throw new IllegalArgumentException("Public keys are 32 bytes each.");
        }
        MessageDigest sha512 = sha512();
        sha512.update(new byte[] {0x00, 0x01});
        sha512.update(signing);
        sha512.update(agreement);
        sha512.update(username.getBytes(StandardCharsets.UTF_8));
        // The first round hashes the version/keys/name prefix followed by the keys.
        sha512.update(signing);
        byte[] hash = sha512.digest(agreement);
        for (int i = 1; i < ITERATIONS; i++) {
            sha512.update(hash);
            sha512.update(signing);
            hash = sha512.digest(agreement);
        }
        StringBuilder digits = new StringBuilder(30);
        for (int chunk = 0; chunk < 6; chunk++) {
            long value = 0;
            for (int j = 0; j < 5; j++) {
                value = (value << 8) | (hash[chunk * 5 + j] & 0xff);
            }
            digits.append(String.format(Locale.ROOT, "%05d", value % 100000));
        }
        return digits.toString();
    }

    private static MessageDigest sha512() {
        try {
            return MessageDigest.getInstance("SHA-512");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-512 is missing from this Java runtime", e);
        }
    }
}
