package org.parley.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Sliding windows of failed logins per username and per client address. Checked before any
 * bcrypt work, so a guessing client costs the server almost nothing once it is over the limit.
 */
public final class LoginThrottle {

    /**
     * @param maxFailuresPerUser    failures per username inside {@code window} before refusing
     * @param maxFailuresPerAddress failures per client address inside {@code window} before refusing
     * @param maxTrackedKeys        usernames (and, separately, addresses) remembered at once; the
     *                              least recently failing are forgotten first, so memory stays bounded
     */
    public record Limits(int maxFailuresPerUser, int maxFailuresPerAddress, Duration window, int maxTrackedKeys) {

        public static final Limits DEFAULT = new Limits(5, 20, Duration.ofMinutes(15), 100_000);

        public Limits {
            Objects.requireNonNull(window, "window");
            if (maxFailuresPerUser < 1) {
                throw new IllegalArgumentException("maxFailuresPerUser must be at least 1");
            }
            if (maxFailuresPerAddress < 1) {
                throw new IllegalArgumentException("maxFailuresPerAddress must be at least 1");
            }
            if (window.isNegative() || window.isZero()) {
                throw new IllegalArgumentException("window must be positive");
            }
            if (maxTrackedKeys < 1) {
                throw new IllegalArgumentException("maxTrackedKeys must be at least 1");
            }
        }
    }

    private final Clock clock;
    private final FailureWindows users;
    private final FailureWindows addresses;

    public LoginThrottle(Limits limits, Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.users = new FailureWindows(limits.maxFailuresPerUser(), limits.window(), limits.maxTrackedKeys());
        this.addresses = new FailureWindows(limits.maxFailuresPerAddress(), limits.window(), limits.maxTrackedKeys());
    }

    /** Empty when a login attempt may go ahead, otherwise how long the client has to wait. */
    public Optional<Duration> retryAfter(String username, String clientAddress) {
        Instant now = clock.instant();
        Optional<Duration> user = users.retryAfter(username, now);
        Optional<Duration> address = addresses.retryAfter(clientAddress, now);
        if (user.isPresent() && address.isPresent()) {
            return Optional.of(user.get().compareTo(address.get()) >= 0 ? user.get() : address.get());
        }
        return user.isPresent() ? user : address;
    }

    public void recordFailure(String username, String clientAddress) {
        Instant now = clock.instant();
        users.record(username, now);
        addresses.record(clientAddress, now);
    }

    /**
     * Forgets the user's failures. The address keeps its count: one correct password must not
     * give a client that is guessing at many accounts a fresh budget.
     */
    public void recordSuccess(String username) {
        users.forget(username);
    }

    /** Failure times per key, keeping only the newest {@code limit}: that is all a check needs. */
    private static final class FailureWindows {
        private final int limit;
        private final Duration window;
        private final Map<String, ArrayDeque<Instant>> failures;

        FailureWindows(int limit, Duration window, int maxKeys) {
            this.limit = limit;
            this.window = window;
            this.failures = new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, ArrayDeque<Instant>> eldest) {
                    return size() > maxKeys;
                }
            };
        }

        synchronized Optional<Duration> retryAfter(String key, Instant now) {
            ArrayDeque<Instant> times = failures.get(key);
            if (times == null) {
                return Optional.empty();
            }
            dropExpired(times, now);
            if (times.isEmpty()) {
                failures.remove(key);
                return Optional.empty();
            }
            if (times.size() < limit) {
                return Optional.empty();
            }
            // A slot frees up when the oldest remembered failure leaves the window.
            return Optional.of(Duration.between(now, times.peekFirst().plus(window)));
        }

        synchronized void record(String key, Instant now) {
            ArrayDeque<Instant> times = failures.computeIfAbsent(key, k -> new ArrayDeque<>(limit));
            dropExpired(times, now);
            times.addLast(now);
            while (times.size() > limit) {
                times.removeFirst();
            }
        }

        synchronized void forget(String key) {
            failures.remove(key);
        }

        private void dropExpired(ArrayDeque<Instant> times, Instant now) {
            Instant cutoff = now.minus(window);
            while (!times.isEmpty() && !times.peekFirst().isAfter(cutoff)) {
                times.removeFirst();
            }
        }
    }
}
