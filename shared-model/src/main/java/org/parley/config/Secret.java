package org.parley.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A password or other secret read from configuration. Its {@link #toString()} never shows the
 * value, so a config record holding one can be logged as it is; {@link #reveal()} is the one way to
 * get the value, at the place that hands it to a library or a peer.
 */
public final class Secret {

    static final String REDACTED = "[redacted]";

    private final String value;

    private Secret(String value) {
        this.value = Objects.requireNonNull(value, "value");
    }

    public static Secret of(String value) {
        return new Secret(value);
    }

    /** Null for null, so optional secrets stay optional. */
    public static @Nullable Secret ofNullable(@Nullable String value) {
        return value == null ? null : new Secret(value);
    }

    /** Null for null: an optional secret revealed where a library takes a nullable string. */
    public static @Nullable String revealOrNull(@Nullable Secret secret) {
        return secret == null ? null : secret.reveal();
    }

    /** The secret itself; call it where the value leaves the process or enters a library. */
    public String reveal() {
        return value;
    }

    /** Compared in constant time, so equality checks do not leak how much of a guess was right. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Secret other
                && MessageDigest.isEqual(
                        value.getBytes(StandardCharsets.UTF_8),
                        other.value.getBytes(StandardCharsets.UTF_8));
    }

    /** The same for every secret: a hash would say something about the value. */
    @Override
    public int hashCode() {
        return 0;
    }

    @Override
    public String toString() {
        return REDACTED;
    }
}
