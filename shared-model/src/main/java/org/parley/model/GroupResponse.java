package org.parley.model;

import java.util.List;

/**
 * A group as the server sees it. {@code name}, {@code admin} and {@code members} are the server's
 * claim; clients believe only what {@code log} proves (org.parley.crypto.GroupChain).
 *
 * @param epoch seq of the newest entry of {@code log}
 */
public record GroupResponse(
        String id,
        String name,
        String admin,
        List<String> members,
        long epoch,
        List<GroupEntry> log) {}
