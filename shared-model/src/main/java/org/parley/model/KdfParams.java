package org.parley.model;

import org.parley.crypto.primitives.WeakKdfException;

/**
 * Argon2id parameters: memory {@code m} in KiB, iterations {@code t}, parallelism {@code p}. They
 * come from the server at login, so the client bounds them on both sides: below the floor the
 * password is too cheap to guess; above the ceiling a hostile server could hang the client.
 */
public record KdfParams(int m, int t, int p) {

    public static final KdfParams DEFAULT = new KdfParams(65536, 3, 1);

    public static final int MIN_MEMORY_KIB = 65536;
    public static final int MAX_MEMORY_KIB = 1048576;
    public static final int MIN_ITERATIONS = 3;
    public static final int MAX_ITERATIONS = 10;
    public static final int MIN_PARALLELISM = 1;
    public static final int MAX_PARALLELISM = 4;

    /** True if the parameters are within both the floor and the ceiling. */
    public boolean meetsFloor() {
        return isStrongEnough() && isAffordable();
    }

    public void requireAcceptable() throws WeakKdfException {
        if (!isStrongEnough()) {
            throw new WeakKdfException(
                    "The password settings ("
                            + this
                            + ") are weaker than this app allows: at least 64 MiB of memory, 3 iterations"
                            + " and parallelism 1 are required.");
        }
        if (!isAffordable()) {
            throw new WeakKdfException(
                    "The password settings ("
                            + this
                            + ") are more expensive than this app allows: at most 1 GiB of memory,"
                            + " 10 iterations and parallelism 4.");
        }
    }

    private boolean isStrongEnough() {
        return m >= MIN_MEMORY_KIB && t >= MIN_ITERATIONS && p >= MIN_PARALLELISM;
    }

    private boolean isAffordable() {
        return m <= MAX_MEMORY_KIB && t <= MAX_ITERATIONS && p <= MAX_PARALLELISM;
    }

    @Override
    public String toString() {
        return "m=" + m + " KiB, t=" + t + ", p=" + p;
    }
}
