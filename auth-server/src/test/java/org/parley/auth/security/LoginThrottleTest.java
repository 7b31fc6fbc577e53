package org.parley.auth.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.parley.testing.MutableClock;

class LoginThrottleTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final LoginThrottle throttle =
            new LoginThrottle(new LoginThrottle.Limits(3, 5, Duration.ofMinutes(15), 1000), clock);

    @Test
    void attemptsAreAllowedUntilTheUserLimitIsReachedThenDelayedBriefly() {
        fail("alice", "10.0.0.1", 2);
        assertThat(throttle.retryAfter("alice", "10.0.0.9")).isEmpty();

        fail("alice", "10.0.0.1", 1);

        assertThat(throttle.retryAfter("alice", "10.0.0.9"))
                .contains(LoginThrottle.Limits.DEFAULT_USER_DELAY);
    }

    @Test
    void theAccountDelayDoublesPerFailureButNeverExceedsTheMaximum() {
        fail("alice", "10.0.0.1", 3);
        assertThat(throttle.retryAfter("alice", "10.0.0.9")).contains(Duration.ofSeconds(15));
        fail("alice", "10.0.0.2", 1);
        assertThat(throttle.retryAfter("alice", "10.0.0.9")).contains(Duration.ofSeconds(30));
        fail("alice", "10.0.0.3", 1);
        assertThat(throttle.retryAfter("alice", "10.0.0.9")).contains(Duration.ofSeconds(60));
        for (int i = 0; i < 30; i++) {
            throttle.recordFailure("alice", "10.1.0." + i);
        }
        assertThat(throttle.retryAfter("alice", "10.0.0.9"))
                .contains(LoginThrottle.Limits.DEFAULT_MAX_USER_DELAY);

        // The owner on a new device waits out at most the maximum after the latest guess.
        clock.advance(LoginThrottle.Limits.DEFAULT_MAX_USER_DELAY);
        assertThat(throttle.retryAfter("alice", "10.0.0.9")).isEmpty();
    }

    @Test
    void failuresOlderThanTheWindowNoLongerCount() {
        fail("alice", "10.0.0.1", 3);
        clock.advance(Duration.ofMinutes(15));
        assertThat(throttle.retryAfter("alice", "10.0.0.9")).isEmpty();

        fail("alice", "10.0.0.1", 2);
        assertThat(throttle.retryAfter("alice", "10.0.0.9")).isEmpty();
        fail("alice", "10.0.0.1", 1);
        assertThat(throttle.retryAfter("alice", "10.0.0.9")).isPresent();
    }

    @Test
    void aDeviceCookieCountsOnlyItsOwnFailures() {
        assertThat(throttle.deviceLockedOut("cookie-1")).isFalse();
        throttle.recordDeviceFailure("cookie-1");
        throttle.recordDeviceFailure("cookie-1");
        assertThat(throttle.deviceLockedOut("cookie-1")).isFalse();
        assertThat(throttle.retryAfter("alice", "10.0.0.1")).isEmpty();

        throttle.recordDeviceFailure("cookie-1");
        assertThat(throttle.deviceLockedOut("cookie-1")).isTrue();
        assertThat(throttle.deviceLockedOut("cookie-2")).isFalse();

        clock.advance(Duration.ofMinutes(15));
        assertThat(throttle.deviceLockedOut("cookie-1")).isFalse();
    }

    @Test
    void otherUsersAreNotAffectedByOneUsersFailures() {
        fail("alice", "10.0.0.1", 3);

        assertThat(throttle.retryAfter("bob", "10.0.0.2")).isEmpty();
    }

    @Test
    void oneAddressGuessingAtManyUsersIsStoppedByTheAddressLimit() {
        for (int i = 0; i < 5; i++) {
            throttle.recordFailure("user" + i, "10.0.0.1");
        }

        assertThat(throttle.retryAfter("someone-new", "10.0.0.1")).contains(Duration.ofMinutes(15));
        assertThat(throttle.retryAfter("someone-new", "10.0.0.2")).isEmpty();
    }

    @Test
    void successResetsTheUserButNotTheAddress() {
        fail("alice", "10.0.0.1", 2);
        for (int i = 0; i < 2; i++) {
            throttle.recordFailure("other" + i, "10.0.0.1");
        }

        throttle.recordSuccess("alice");

        fail("alice", "10.0.0.1", 1);
        assertThat(throttle.retryAfter("alice", "10.0.0.9")).isEmpty();
        assertThat(throttle.retryAfter("alice", "10.0.0.1")).isPresent();
    }

    @Test
    void memoryIsBoundedByForgettingTheLeastRecentlyFailingKeys() {
        LoginThrottle small =
                new LoginThrottle(
                        new LoginThrottle.Limits(1, 100, Duration.ofMinutes(15), 2), clock);
        small.recordFailure("first", "a1");
        small.recordFailure("second", "a2");
        small.recordFailure("third", "a3");

        assertThat(small.retryAfter("first", "a9")).isEmpty();
        assertThat(small.retryAfter("second", "a9")).isPresent();
        assertThat(small.retryAfter("third", "a9")).isPresent();
    }

    @Test
    void nonsenseLimitsAreRefused() {
        assertThatThrownBy(() -> new LoginThrottle.Limits(0, 1, Duration.ofMinutes(1), 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LoginThrottle.Limits(1, 1, Duration.ZERO, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(
                        () ->
                                new LoginThrottle.Limits(
                                        1,
                                        1,
                                        Duration.ofMinutes(1),
                                        1,
                                        Duration.ofMinutes(2),
                                        Duration.ofMinutes(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private void fail(String user, String address, int times) {
        for (int i = 0; i < times; i++) {
            throttle.recordFailure(user, address);
        }
    }
}
