package org.parley.client.session;

import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.parley.client.auth.AuthApiClient;
import org.parley.client.auth.TokenKeeper;
import org.parley.model.PresenceViewers;
import org.parley.model.Usernames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the auth server's list of who may follow this user's presence equal to the accounts this
 * user has conversations with (the pinned contacts, and everyone whose presence we follow). The
 * brokers refuse a presence subscription from anyone not on the list (nobody, until the first
 * sync). Pushed at login, when a followed user is added, and on the session's timer (which picks up
 * new contacts); only when the list changed or the last push failed.
 */
final class PresenceViewerSync {
    private static final Logger log = LoggerFactory.getLogger(PresenceViewerSync.class);
    static final String PATH = "/presence/viewers";

    private final String me;
    private final AuthApiClient api;
    private final TokenKeeper tokens;
    private final Supplier<Set<String>> contacts;
    private final Set<String> followed = ConcurrentHashMap.newKeySet();
    private @Nullable Set<String> pushed;

    PresenceViewerSync(
            String me, AuthApiClient api, TokenKeeper tokens, Supplier<Set<String>> contacts) {
        this.me = me;
        this.api = Objects.requireNonNull(api, "api");
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.contacts = Objects.requireNonNull(contacts, "contacts");
    }

    /** A user whose presence we follow is a contact too: they see ours. */
    void follow(String peer) {
        followed.add(peer);
    }

    /** Pushes the list if it changed since the last successful push. Never throws. */
    synchronized void sync() {
        try {
            Set<String> viewers = new TreeSet<>(contacts.get());
            viewers.addAll(followed);
            viewers.remove(me);
            viewers.removeIf(v -> !Usernames.isValid(v));
            if (viewers.equals(pushed)) {
                return;
            }
            if (viewers.size() > PresenceViewers.MAX_VIEWERS) {
                log.warn(
                        "{} contacts; only the first {} may follow the presence of {}",
                        viewers.size(),
                        PresenceViewers.MAX_VIEWERS,
                        me);
                viewers =
                        new TreeSet<>(viewers.stream().limit(PresenceViewers.MAX_VIEWERS).toList());
            }
            api.putJson(
                    PATH,
                    new PresenceViewers(viewers.stream().toList()),
                    tokens.current(),
                    PresenceViewers.class);
            pushed = viewers;
        } catch (RuntimeException e) {
            // Best effort, like presence itself: the next sync tries again.
            log.info("Could not update who may see the presence of {}: {}", me, e.toString());
        }
    }
}
