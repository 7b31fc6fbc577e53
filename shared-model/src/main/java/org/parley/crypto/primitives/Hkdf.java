package org.parley.crypto.primitives;

import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * HKDF-SHA256 (RFC 5869), extract then expand, over the JDK's HmacSHA256: it runs once per message,
 * and the JDK's SHA-256 uses the CPU's SHA instructions where Bouncy Castle's digest is plain Java
 * (it showed in the receive profile).
 */
public final class Hkdf {

    private static final int HASH_LENGTH = 32;
    private static final int MAX_LENGTH = 255 * HASH_LENGTH;
    private static final byte[] ZERO_SALT = new byte[HASH_LENGTH];

    /** One Mac per thread: Mac.getInstance looks the provider up on every call. */
    private static final ThreadLocal<Mac> MACS =
            ThreadLocal.withInitial(
                    () -> {
                        try {
                            return Mac.getInstance("HmacSHA256");
                        } catch (GeneralSecurityException e) {
                            throw new IllegalStateException("HmacSHA256 is not available", e);
                        }
                    });

    private Hkdf() {}

    /**
     * @param salt may be {@code null}: RFC 5869 then uses 32 zero bytes
     * @param info may be {@code null} for none
     */
    public static byte[] sha256(
            byte[] ikm, byte @Nullable [] salt, byte @Nullable [] info, int length) {
        if (ikm == null) {
            throw new IllegalArgumentException("HKDF needs input key material.");
        }
        if (length < 1 || length > MAX_LENGTH) {
            throw new IllegalArgumentException("HKDF-SHA256 output must be 1 to 8160 bytes.");
        }
        Mac mac = MACS.get();
        try {
            mac.init(
                    new SecretKeySpec(
                            salt == null || salt.length == 0 ? ZERO_SALT : salt, "HmacSHA256"));
            byte[] prk = mac.doFinal(ikm);
            mac.init(new SecretKeySpec(prk, "HmacSHA256"));
            byte[] out = new byte[length];
            byte[] t = new byte[0];
            int done = 0;
            for (int i = 1; done < length; i++) {
                mac.update(t);
                if (info != null) {
                    mac.update(info);
                }
                mac.update((byte) i);
                t = mac.doFinal();
                int n = Math.min(HASH_LENGTH, length - done);
                System.arraycopy(t, 0, out, done, n);
                done += n;
            }
            java.util.Arrays.fill(prk, (byte) 0);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HKDF-SHA256 failed", e);
        }
    }
}
