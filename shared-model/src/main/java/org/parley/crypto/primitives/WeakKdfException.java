package org.parley.crypto.primitives;

/**
 * Password key-derivation parameters outside what the client accepts: too weak to protect the
 * password, or so expensive that a hostile server could make the client hang.
 */
public final class WeakKdfException extends CryptoException {

    public WeakKdfException(String message) {
        super(message);
    }
}
