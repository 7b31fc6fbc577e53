package org.parley.crypto;

import org.parley.crypto.primitives.CryptoException;

/** A session token that is malformed, forged, expired or otherwise not acceptable. */
public final class InvalidTokenException extends CryptoException {

    public InvalidTokenException(String message) {
        super(message);
    }

    public InvalidTokenException(String message, Throwable cause) {
        super(message, cause);
    }
}
