package org.parley.auth.admin;

import java.time.Instant;
import java.util.List;

/**
 * What the admin page shows of a group: the server's index of who is in it (metadata the server
 * holds anyway to route membership changes), never a message or a key.
 */
public record GroupSummary(
        String id,
        String name,
        String admin,
        long epoch,
        List<String> members,
        Instant createdAt,
        Instant updatedAt) {
    public GroupSummary {
        members = List.copyOf(members);
    }
}
