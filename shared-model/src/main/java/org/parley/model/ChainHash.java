package org.parley.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.jspecify.annotations.Nullable;

/**
 * The canonical bytes and the hash that link a signed log entry to the next (group membership and
 * device logs).
 */
final class ChainHash {

    private ChainHash() {}

    /**
     * UTF-8 of the fields joined by '|', after the domain prefix (e.g. {@code "parley/v1/group"}).
     * Callers make every field free of '|' (checked names and ids, numbers, base64), so the join is
     * unambiguous.
     */
    static byte[] signingInput(String domain, Object... fields) {
        StringBuilder text = new StringBuilder(domain);
        for (Object field : fields) {
            text.append('|').append(field);
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Hex SHA-256 of the entry's signing input followed by its signature, if any. */
    static String of(byte[] signingInput, byte @Nullable [] sig) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(signingInput);
            if (sig != null) {
                sha.update(sig);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
