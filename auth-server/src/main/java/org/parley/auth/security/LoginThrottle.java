package org.parley.auth.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Slows password guessing without letting anyone lock an owner out (OWASP's "device cookie" scheme,
 * decision 0014). Checked before any bcrypt work, so a guessing client costs the server almost
 * nothing once it is over a limit.
 *
 * <ul>
 *   <li>Per client address: a sliding window ({@code maxFailuresPerAddress} per {@code window}).
 *   <li>Per account, for logins without a valid device cookie: after {@code maxFailuresPerUser}
 *       failures inside {@code window}, each further attempt waits {@code userDelay}, doubled for
 *       every failure beyond the limit, never more than {@code maxUserDelay} after the latest
 *       failure. So guesses stay slow from any number of addresses, and the owner on a new device
 *       waits at most {@code maxUserDelay}, never the whole window.
 *   <li>Per device cookie: a login presenting a valid cookie for the account skips both of the
 *       above; its own failures count in a window of their own ({@code maxFailuresPerUser}), and a
 *       cookie over that limit counts as absent until the window has passed.
 * </ul>
 */
public final class LoginThrottle {

    /**
     * @param maxFailuresPerUser failures per username (or per device cookie) inside {@code window}
     *     before attempts are delayed (cookie: before the cookie stops counting)
     * @param maxFailuresPerAddress failures per client address inside {@code window} before
     *     refusing
     * @param maxTrackedKeys usernames (and, separately, addresses and cookies) remembered at once;
     *     the least recently failing are forgotten first, so memory stays bounded
     * @param userDelay the wait after the account's limit is reached; doubles per further failure
     * @param maxUserDelay the longest an account-wide wait can be
     */
    public record Limits(
            int maxFailuresPerUser,
            int maxFailuresPerAddress,
            Duration window,
            int maxTrackedKeys,
            Duration userDelay,
            Duration maxUserDelay) {

        public static final Duration DEFAULT_USER_DELAY = Duration.ofSeconds(15);
        public static final Duration DEFAULT_MAX_USER_DELAY = Duration.ofMinutes(2);
        public static final Limits DEFAULT = new Limits(5, 20, Duration.ofMinutes(15), 100_000);

        public Limits(
                int maxFailuresPerUser,
                int maxFailuresPerAddress,
                Duration window,
                int maxTrackedKeys) {
            this(
                    maxFailuresPerUser,
                    maxFailuresPerAddress,
                    window,
                    maxTrackedKeys,
                    DEFAULT_USER_DELAY,
                    DEFAULT_MAX_USER_DELAY);
        }

        public Limits {
            Objects.requireNonNull(window, "window");
            Objects.requireNonNull(userDelay, "userDelay");
            Objects.requireNonNull(maxUserDelay, "maxUserDelay");
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
            if (userDelay.isNegative()
                    || userDelay.isZero()
                    || maxUserDelay.compareTo(userDelay) < 0) {
                throw new IllegalArgumentException(
                        "userDelay must be positive and at most maxUserDelay");
            }
        }
    }

    /** Failures beyond the limit that still change the delay; more only keep it at the maximum. */
    private static final int MAX_DOUBLINGS = 20;

    private final Clock clock;
    private final Limits limits;
    private final FailureWindows users;
    private final FailureWindows addresses;
    private final FailureWindows devices;

    public LoginThrottle(Limits limits, Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.users =
                new FailureWindows(
                        limits.maxFailuresPerUser() + MAX_DOUBLINGS,
                        limits.window(),
                        limits.maxTrackedKeys());
        this.addresses =
                new FailureWindows(
                        limits.maxFailuresPerAddress(), limits.window(), limits.maxTrackedKeys());
        this.devices =
                new FailureWindows(
                        limits.maxFailuresPerUser(), limits.window(), limits.maxTrackedKeys());
    }

    /**
     * For a login without a valid device cookie: empty when it may go ahead, otherwise how long the
     * client has to wait (the longer of the address's and the account's wait).
     */
    public Optional<Duration> retryAfter(String username, String clientAddress) {
        Instant now = clock.instant();
        Optional<Duration> user = userDelay(username, now);
        Optional<Duration> address =
                addresses.retryAfter(clientAddress, now, limits.maxFailuresPerAddress());
        if (user.isPresent() && address.isPresent()) {
            return Optional.of(
                    user.get().compareTo(address.get()) >= 0 ? user.get() : address.get());
        }
        return user.isPresent() ? user : address;
    }

    /** A failure without a valid device cookie: counts for the account and the address. */
    public void recordFailure(String username, String clientAddress) {
        Instant now = clock.instant();
        users.record(username, now);
        addresses.record(clientAddress, now);
    }

    /**
     * Forgets the user's failures after a correct login without a device cookie. The address keeps
     * its count: one correct password must not give a client that is guessing at many accounts a
     * fresh budget. (A login with a device cookie forgets nothing: the owner logging in from a
     * known device must not reset a guesser's delay.)
     */
    public void recordSuccess(String username) {
        users.forget(username);
    }

    /** Whether a device cookie (by its id) has used up its own failures and so counts as absent. */
    public boolean deviceLockedOut(String deviceId) {
        return devices.retryAfter(deviceId, clock.instant(), limits.maxFailuresPerUser())
                .isPresent();
    }

    /** A failure with a valid device cookie: counts for that cookie only. */
    public void recordDeviceFailure(String deviceId) {
        devices.record(deviceId, clock.instant());
    }

    private Optional<Duration> userDelay(String username, Instant now) {
        FailureWindows.Count count = users.count(username, now);
        int beyond = count.failures() - limits.maxFailuresPerUser();
        if (beyond < 0) {
            return Optional.empty();
        }
        Duration delay = limits.userDelay().multipliedBy(1L << Math.min(beyond, MAX_DOUBLINGS));
        if (delay.compareTo(limits.maxUserDelay()) > 0 || delay.isNegative()) {
            delay = limits.maxUserDelay();
        }
        // maxFailuresPerUser is at least 1, so there was a failure and it has a time.
        Instant latest = Objects.requireNonNull(count.latest(), "latest failure");
        Duration left = Duration.between(now, latest.plus(delay));
        return left.isNegative() || left.isZero() ? Optional.empty() : Optional.of(left);
    }

    /** Failure times per key, keeping only the newest {@code limit}: that is all a check needs. */
    private static final class FailureWindows {
        private final int limit;
        private final Duration window;
        private final Map<String, ArrayDeque<Instant>> failures;

        FailureWindows(int limit, Duration window, int maxKeys) {
            this.limit = limit;
            this.window = window;
            this.failures =
                    new LinkedHashMap<>(16, 0.75f, true) {
                        @Override
                        protected boolean removeEldestEntry(
                                Map.Entry<String, ArrayDeque<Instant>> eldest) {
                            return size() > maxKeys;
                        }
                    };
        }

        /** {@code latest} is null when there are no failures. */
        record Count(int failures, @Nullable Instant latest) {}

        /**
         * How many failures of {@code key} are inside the window (at most the kept number), and the
         * latest.
         */
        synchronized Count count(String key, Instant now) {
            ArrayDeque<Instant> times = failures.get(key);
            if (times == null) {
                return new Count(0, null);
            }
            dropExpired(times, now);
            if (times.isEmpty()) {
                failures.remove(key);
                return new Count(0, null);
            }
            return new Count(times.size(), times.peekLast());
        }

        /**
         * Empty while fewer than {@code max} failures are inside the window, else until the oldest
         * leaves it.
         */
        synchronized Optional<Duration> retryAfter(String key, Instant now, int max) {
            ArrayDeque<Instant> times = failures.get(key);
            if (times == null) {
                return Optional.empty();
            }
            dropExpired(times, now);
            if (times.isEmpty()) {
                failures.remove(key);
                return Optional.empty();
            }
            if (times.size() < max) {
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
