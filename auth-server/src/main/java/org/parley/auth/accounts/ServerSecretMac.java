package org.parley.auth.accounts;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 under the server secret: it makes device cookies, signup challenges and the fake
 * prelogin salts checkable, without storage, by every auth server that shares the secret.
 */
final class ServerSecretMac {

    private final SecretKeySpec key;

    ServerSecretMac(ServerKeys keys) {
        this.key = new SecretKeySpec(keys.serverSecret(), "HmacSHA256");
    }

    /** The 32-byte MAC of {@code parts}, one after the other. */
    byte[] of(byte[]... parts) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            for (byte[] part : parts) {
                mac.update(part);
            }
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** {@code number} as the 8 big-endian bytes a MAC takes it as. */
    static byte[] bytes(long number) {
        return ByteBuffer.allocate(8).putLong(number).array();
    }
}
