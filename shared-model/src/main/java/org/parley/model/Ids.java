package org.parley.model;

import java.util.HexFormat;
import org.parley.crypto.primitives.SecureRandoms;

/**
 * 128-bit random identifiers (envelope ids, group ids, token ids) as 32 lowercase hex characters.
 */
public final class Ids {

    public static final int BYTES = 16;

    private static final HexFormat HEX = HexFormat.of();

    private Ids() {}

    public static String newId() {
        byte[] bytes = new byte[BYTES];
        SecureRandoms.current().nextBytes(bytes);
        return HEX.formatHex(bytes);
    }

    public static boolean isValid(String id) {
        if (id == null || id.length() != 2 * BYTES) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }

    /** The 16 bytes an id stands for; used as the HKDF salt of message keys. */
    public static byte[] toBytes(String id) {
        if (!isValid(id)) {
            throw new IllegalArgumentException("An id is 32 lowercase hex characters.");
        }
        return HEX.parseHex(id);
    }

    public static String fromBytes(byte[] bytes) {
        if (bytes == null || bytes.length != BYTES) {
            throw new IllegalArgumentException("An id is 16 bytes.");
        }
        return HEX.formatHex(bytes);
    }
}
