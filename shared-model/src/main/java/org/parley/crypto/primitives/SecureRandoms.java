package org.parley.crypto.primitives;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/**
 * Where the hot paths get their randomness (nonces, content keys, ids). The JDK's default on Linux,
 * NativePRNG, serializes every caller in the process on one lock and reads {@code /dev/urandom} on
 * every call; with a hundred clients in one process (the benchmark) or a busy receive pipeline that
 * lock showed in the profile. A DRBG per thread (Hash_DRBG over SHA-256, seeded from the system's
 * entropy) has neither.
 */
public final class SecureRandoms {
    private static final ThreadLocal<SecureRandom> PER_THREAD =
            ThreadLocal.withInitial(SecureRandoms::newDrbg);

    private SecureRandoms() {}

    /** This thread's generator: use it at once, do not keep it or hand it to another thread. */
    public static SecureRandom current() {
        return PER_THREAD.get();
    }

    /** A new, independently seeded generator (thread-safe, for an object that keeps one). */
    public static SecureRandom newDrbg() {
        try {
            return SecureRandom.getInstance("DRBG");
        } catch (NoSuchAlgorithmException e) {
            return new SecureRandom(); // every JDK since 9 has DRBG; kept only as a safe fallback
        }
    }
}
