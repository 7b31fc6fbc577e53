package org.parley.auth.admin;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Operators' sessions on the admin page, in memory: a random session id (the cookie) and a separate
 * random CSRF token that every state-changing request must echo in a header. A session ends after
 * {@code idleTimeout} without use, after {@code maxAge} in any case, on logout, and when the auth
 * server restarts (operators then sign in again).
 */
public final class AdminSessions {

    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(30);
    public static final Duration DEFAULT_MAX_AGE = Duration.ofHours(8);
    private static final int MAX_SESSIONS = 10_000;

    /** One signed-in operator. */
    public record Session(String id, String operator, String csrfToken, Instant createdAt) {
        @Override
        public String toString() {
            return "Session[" + operator + "]";
        }
    }

    private final SecureRandom random;
    private final Clock clock;
    private final Duration idleTimeout;
    private final Duration maxAge;
    private final Map<String, Entry> sessions =
            new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
                    return size() > MAX_SESSIONS;
                }
            };

    private static final class Entry {
        final Session session;
        Instant lastSeen;

        Entry(Session session, Instant lastSeen) {
            this.session = session;
            this.lastSeen = lastSeen;
        }
    }

    public AdminSessions(SecureRandom random, Clock clock, Duration idleTimeout, Duration maxAge) {
        this.random = Objects.requireNonNull(random, "random");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.idleTimeout = Objects.requireNonNull(idleTimeout, "idleTimeout");
        this.maxAge = Objects.requireNonNull(maxAge, "maxAge");
    }

    public synchronized Session create(String operator) {
        Instant now = clock.instant();
        Session session = new Session(randomToken(), operator, randomToken(), now);
        sessions.put(session.id(), new Entry(session, now));
        return session;
    }

    /** The live session with this id, touching it; empty for unknown, idle or too old sessions. */
    public synchronized Optional<Session> find(@Nullable String id) {
        if (id == null) {
            return Optional.empty();
        }
        Entry entry = sessions.get(id);
        if (entry == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        if (now.isAfter(entry.lastSeen.plus(idleTimeout))
                || now.isAfter(entry.session.createdAt().plus(maxAge))) {
            sessions.remove(id);
            return Optional.empty();
        }
        entry.lastSeen = now;
        return Optional.of(entry.session);
    }

    /** Whether {@code presented} is this session's CSRF token (constant-time). */
    public static boolean csrfMatches(Session session, String presented) {
        return presented != null
                && MessageDigest.isEqual(
                        session.csrfToken().getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                        presented.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    public synchronized void invalidate(String id) {
        if (id != null) {
            sessions.remove(id);
        }
    }

    public Duration maxAge() {
        return maxAge;
    }

    private String randomToken() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
