package org.parley.crypto;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Arrays;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.parley.crypto.primitives.Hkdf;
import org.parley.crypto.primitives.WeakKdfException;
import org.parley.model.KdfParams;

/**
 * Password to keys, client side only: {@code master = Argon2id(NFKC(password), salt, m, t, p)},
 * then two independent HKDF outputs so the server-side authenticator reveals nothing about the key
 * that wraps the identity keys.
 */
public final class PasswordKdf {

    public static final int SALT_BYTES = 16;
    public static final int KEY_BYTES = 32;

    private static final byte[] AUTH_INFO = "parley/v1/auth".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] WRAP_INFO = "parley/v1/wrap".getBytes(StandardCharsets.US_ASCII);

    private PasswordKdf() {}

    /**
     * Takes 0.2 to 0.5 s with the default parameters; call it off the UI thread.
     *
     * @throws WeakKdfException if {@code params} are below the floor or above the ceiling
     * @throws IllegalArgumentException if the salt is not 16 bytes
     */
    public static DerivedKeys derive(String password, byte[] salt, KdfParams params)
            throws WeakKdfException {
        if (password == null) {
            throw new IllegalArgumentException("The password is missing.");
        }
        if (params == null) {
            throw new WeakKdfException("The password settings are missing.");
        }
        params.requireAcceptable();
        if (salt == null || salt.length != SALT_BYTES) {
            throw new IllegalArgumentException("The password salt must be 16 bytes.");
        }
        // NFKC so the same password typed on different keyboards or input methods gives the same
        // keys.
        byte[] passwordBytes =
                Normalizer.normalize(password, Normalizer.Form.NFKC)
                        .getBytes(StandardCharsets.UTF_8);
        byte[] master = new byte[KEY_BYTES];
        try {
            Argon2BytesGenerator argon2 = new Argon2BytesGenerator();
            argon2.init(
                    new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                            .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                            .withSalt(salt)
                            .withMemoryAsKB(params.m())
                            .withIterations(params.t())
                            .withParallelism(params.p())
                            .build());
            argon2.generateBytes(passwordBytes, master, 0, master.length);
            return new DerivedKeys(
                    Hkdf.sha256(master, null, AUTH_INFO, KEY_BYTES),
                    Hkdf.sha256(master, null, WRAP_INFO, KEY_BYTES));
        } finally {
            Arrays.fill(passwordBytes, (byte) 0);
            Arrays.fill(master, (byte) 0);
        }
    }
}
