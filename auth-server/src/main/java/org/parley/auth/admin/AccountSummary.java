package org.parley.auth.admin;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** What the admin page shows of an account: no keys, no hashes, nothing of any message. */
public record AccountSummary(
        String username, Instant createdAt, @Nullable Instant lastLoginAt, boolean disabled) {}
