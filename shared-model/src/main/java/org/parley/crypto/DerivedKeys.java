package org.parley.crypto;

import java.util.Arrays;
import java.util.Base64;

/**
 * The two keys derived from a password: {@code authKey} is sent to the server (which stores only
 * its bcrypt hash); {@code wrapKey} never leaves the client and encrypts the identity keys.
 */
public record DerivedKeys(byte[] authKey, byte[] wrapKey) {

    /**
     * The form the server receives and hashes with bcrypt (44 characters, under bcrypt's 72-byte
     * limit).
     */
    public String authKeyBase64() {
        return Base64.getEncoder().encodeToString(authKey);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DerivedKeys other
                && Arrays.equals(authKey, other.authKey)
                && Arrays.equals(wrapKey, other.wrapKey);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(authKey) + Arrays.hashCode(wrapKey);
    }

    @Override
    public String toString() {
        return "DerivedKeys[redacted]";
    }
}
