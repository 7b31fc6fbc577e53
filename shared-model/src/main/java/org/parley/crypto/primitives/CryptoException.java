package org.parley.crypto.primitives;

import org.jspecify.annotations.Nullable;

/**
 * A cryptographic check failed or crypto input was malformed. The message is a sentence a person
 * can read; it never contains key material.
 */
public class CryptoException extends Exception {

    public CryptoException(String message) {
        super(message);
    }

    public CryptoException(@Nullable String message, Throwable cause) {
        super(message, cause);
    }
}
