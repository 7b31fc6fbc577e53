package org.parley.model;

import java.util.List;

/**
 * {@code GET /api/v1/service/accounts/{name}} response (brokers only): the account exists, whether
 * an operator disabled it, and who its owner lets follow their presence.
 */
public record AccountDirectoryEntry(
        String username, boolean disabled, List<String> presenceViewers) {

    public AccountDirectoryEntry {
        presenceViewers = presenceViewers == null ? List.of() : List.copyOf(presenceViewers);
    }
}
