package org.parley.auth.admin;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One row of {@code operators}: a person who administers Parley. Never a chat account.
 *
 * @param passwordHash {@code BCrypt.hashpw(password, gensalt(12))}
 * @param lastLoginAt null before the first login
 */
public record Operator(
        String username, String passwordHash, Instant createdAt, @Nullable Instant lastLoginAt) {

    public Operator {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(passwordHash, "passwordHash");
    }

    @Override
    public String toString() {
        return "Operator[" + username + "]";
    }
}
