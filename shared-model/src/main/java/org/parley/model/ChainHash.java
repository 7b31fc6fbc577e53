package org.parley.model;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.jspecify.annotations.Nullable;

/** The hash that links a signed log entry to the next (group membership and device logs). */
final class ChainHash {

    private ChainHash() {}

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
