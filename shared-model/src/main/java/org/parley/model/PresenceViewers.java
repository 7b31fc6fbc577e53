package org.parley.model;

import java.util.List;

/**
 * {@code PUT /api/v1/presence/viewers} request and response: the users who may follow the caller's
 * presence (a client sends the accounts it has conversations with). Replaces the list.
 */
public record PresenceViewers(List<String> viewers) {

    /** More would be a list of everyone, not of contacts. */
    public static final int MAX_VIEWERS = 5_000;

    public PresenceViewers {
        // Not List.copyOf: a null element must reach the server's validation (a 400), not throw
        // here.
        viewers =
                viewers == null
                        ? null
                        : java.util.Collections.unmodifiableList(
                                new java.util.ArrayList<>(viewers));
    }
}
