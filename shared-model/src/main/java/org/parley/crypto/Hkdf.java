package org.parley.crypto;

import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;

/** HKDF-SHA256 (RFC 5869), extract then expand. */
public final class Hkdf {

    private static final int MAX_LENGTH = 255 * 32;

    private Hkdf() {
    }

    /**
     * @param salt may be {@code null}: RFC 5869 then uses 32 zero bytes
     * @param info may be {@code null} for none
     */
    public static byte[] sha256(byte[] ikm, byte[] salt, byte[] info, int length) {
        if (ikm == null) {
            throw new IllegalArgumentException("HKDF needs input key material.");
        }
        if (length < 1 || length > MAX_LENGTH) {
            throw new IllegalArgumentException("HKDF-SHA256 output must be 1 to 8160 bytes.");
        }
        HKDFBytesGenerator generator = new HKDFBytesGenerator(new SHA256Digest());
        generator.init(new HKDFParameters(ikm, salt, info));
        byte[] out = new byte[length];
        generator.generateBytes(out, 0, length);
        return out;
    }
}
