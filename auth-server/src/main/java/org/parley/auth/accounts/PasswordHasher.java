package org.parley.auth.accounts;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;
import org.mindrot.jbcrypt.BCrypt;
import org.parley.auth.security.BoundedWorker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * bcrypt over {@code base64(authKey)} (44 characters, inside bcrypt's 72-byte limit), always on the
 * {@link BoundedWorker} so a login burst cannot take every HTTP thread's CPU.
 */
public final class PasswordHasher {

    /** Protocol: {@code BCrypt.gensalt(12)}. */
    public static final int COST = 12;

    private static final Logger log = LoggerFactory.getLogger(PasswordHasher.class);

    private final BoundedWorker worker;
    private final SecureRandom random;
    private final String dummyHash;

    public PasswordHasher(BoundedWorker worker, SecureRandom random) {
        this.worker = Objects.requireNonNull(worker, "worker");
        this.random = Objects.requireNonNull(random, "random");
        // Verified against for unknown users, so their login costs the same as a real one.
        byte[] nobody = new byte[32];
        random.nextBytes(nobody);
        this.dummyHash = BCrypt.hashpw(encode(nobody), BCrypt.gensalt(COST, random));
    }

    public String hash(byte[] authKey) {
        String secret = encode(authKey);
        return worker.call(() -> BCrypt.hashpw(secret, BCrypt.gensalt(COST, random)));
    }

    public boolean verify(byte[] authKey, String storedHash) {
        String secret = encode(authKey);
        return worker.call(
                () -> {
                    try {
                        return BCrypt.checkpw(secret, storedHash);
                    } catch (IllegalArgumentException e) {
                        log.error("Stored password hash is malformed; the account cannot log in");
                        return false;
                    }
                });
    }

    /** Spends a verification's worth of time on a hash no key matches. */
    public void verifyAgainstNobody(byte[] authKey) {
        verify(authKey, dummyHash);
    }

    private static String encode(byte[] authKey) {
        return Base64.getEncoder().encodeToString(authKey);
    }
}
