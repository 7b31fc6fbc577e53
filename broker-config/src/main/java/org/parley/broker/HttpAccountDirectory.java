package org.parley.broker;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.parley.model.AccountDirectoryEntry;
import org.parley.model.Json;
import org.parley.model.Usernames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The account directory as the auth server keeps it, asked over HTTP ({@code GET
 * /api/v1/service/accounts/{name}}, authorized by the {@code parley-service} password) and cached:
 *
 * <ul>
 *   <li>an account is remembered for {@code ttl}, then asked again; when the auth server cannot
 *       answer, the last answer keeps being used however old (existing accounts keep working
 *       through an auth server outage);
 *   <li>"no such account" is remembered for {@value #NEGATIVE_TTL_SECONDS} s only (a new signup
 *       becomes reachable quickly), and never outlives a failed refresh: a name never confirmed is
 *       refused while the auth server is down (fail closed: refusing a send loses nothing,
 *       accepting one into an inbox nobody owns would);
 *   <li>after a failed call the auth server is not asked again for {@value #BACKOFF_MILLIS} ms, so
 *       an outage costs one timeout, not one per lookup.
 * </ul>
 */
public final class HttpAccountDirectory implements AccountDirectory {

    static final long NEGATIVE_TTL_SECONDS = 5;
    static final long BACKOFF_MILLIS = 1_000;
    static final String PATH = "/api/v1/service/accounts/";

    /** Beyond this the cache starts over (one lookup per entry refills it). */
    static final int MAX_ENTRIES = 100_000;

    private static final Logger log = LoggerFactory.getLogger(HttpAccountDirectory.class);

    /** One answer: {@code viewers} is null for "no such account". */
    private record Entry(@Nullable Set<String> viewers, boolean disabled, Instant fetchedAt) {
        boolean exists() {
            return viewers != null;
        }
    }

    private final URI base;
    private final String authorization;
    private final Clock clock;
    private final Duration ttl;
    private final Duration timeout;
    private final HttpClient http;
    private final ConcurrentHashMap<String, Entry> cache = new ConcurrentHashMap<>();
    private volatile Instant quietUntil = Instant.MIN;

    public HttpAccountDirectory(
            URI authUrl, String servicePassword, Clock clock, Duration ttl, Duration timeout) {
        Objects.requireNonNull(authUrl, "authUrl");
        Objects.requireNonNull(servicePassword, "servicePassword");
        this.base = authUrl;
        this.authorization = ServiceBasicAuth.header(servicePassword);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ttl = Objects.requireNonNull(ttl, "ttl");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.http =
                HttpClient.newBuilder()
                        .connectTimeout(timeout)
                        .followRedirects(HttpClient.Redirect.NEVER)
                        .build();
    }

    @Override
    public boolean isAccount(String user) {
        return lookup(user).map(Entry::exists).orElse(false);
    }

    @Override
    public boolean mayFollowPresence(String viewer, String owner) {
        Optional<Entry> entry = lookup(owner, null);
        if (entry.isPresent() && !permits(entry.get(), viewer)) {
            // A grant must not wait for the full cache time: a "no" older than the negative
            // cache time is asked again (so a new contact can follow within seconds).
            entry = lookup(owner, Duration.ofSeconds(NEGATIVE_TTL_SECONDS));
        }
        return entry.map(e -> permits(e, viewer)).orElse(false);
    }

    /** A disabled owner's presence is nobody's business; a disabled viewer cannot log in anyway. */
    private static boolean permits(Entry entry, String viewer) {
        Set<String> viewers = entry.viewers();
        return viewers != null && !entry.disabled() && viewers.contains(viewer);
    }

    @Override
    public boolean knownNotToPermit(String viewer, String owner) {
        return lookup(owner, null).map(e -> !permits(e, viewer)).orElse(false);
    }

    private Optional<Entry> lookup(String user) {
        return lookup(user, null);
    }

    /**
     * The current answer for {@code user}, or empty when there is none to be had.
     *
     * @param maxAge a cached answer older than this is asked again; null: the cache times
     */
    private Optional<Entry> lookup(String user, @Nullable Duration maxAge) {
        if (!Usernames.isValid(user)) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Entry cached = cache.get(user);
        Duration fresh =
                maxAge != null
                        ? maxAge
                        : cached != null && cached.exists()
                                ? ttl
                                : Duration.ofSeconds(NEGATIVE_TTL_SECONDS);
        if (cached != null && now.isBefore(cached.fetchedAt().plus(fresh))) {
            return Optional.of(cached);
        }
        if (now.isBefore(quietUntil)) {
            return stale(cached);
        }
        Optional<Entry> fetched = fetch(user, now);
        if (fetched.isEmpty()) {
            quietUntil = clock.instant().plusMillis(BACKOFF_MILLIS);
            return stale(cached);
        }
        if (cache.size() >= MAX_ENTRIES) {
            cache.values().removeIf(e -> !e.exists());
            if (cache.size() >= MAX_ENTRIES) {
                cache.clear();
            }
        }
        cache.put(user, fetched.get());
        return fetched;
    }

    /**
     * When the auth server cannot answer: a known account stays known, anything else is refused.
     */
    private static Optional<Entry> stale(@Nullable Entry cached) {
        return cached != null && cached.exists() ? Optional.of(cached) : Optional.empty();
    }

    private Optional<Entry> fetch(String user, Instant now) {
        HttpRequest request =
                HttpRequest.newBuilder(
                                base.resolve(
                                        PATH + URLEncoder.encode(user, StandardCharsets.UTF_8)))
                        .timeout(timeout)
                        .header("Authorization", authorization)
                        .header("Accept", "application/json")
                        .GET()
                        .build();
        try {
            HttpResponse<String> response =
                    http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (response.statusCode() == 404) {
                return Optional.of(new Entry(null, false, now));
            }
            if (response.statusCode() != 200) {
                log.warn(
                        "The auth server at {} answered {} to an account lookup",
                        base,
                        response.statusCode());
                return Optional.empty();
            }
            AccountDirectoryEntry entry = Json.parse(response.body(), AccountDirectoryEntry.class);
            if (entry == null || !user.equals(entry.username())) {
                log.warn(
                        "The auth server at {} answered a lookup of {} with another account",
                        base,
                        user);
                return Optional.empty();
            }
            return Optional.of(
                    new Entry(Set.copyOf(entry.presenceViewers()), entry.disabled(), now));
        } catch (IOException | RuntimeException e) {
            log.warn("Cannot look up {} at the auth server {}: {}", user, base, e.toString());
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return "HttpAccountDirectory[" + base + ", ttl " + ttl + "]";
    }
}
