package org.parley.auth.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.parley.testing.MutableClock;

class LoadBalancingBrokerDirectoryTest {

    private static final String A = "tcp://127.0.0.1:1";
    private static final String B = "tcp://127.0.0.1:2";
    private static final String C = "tcp://127.0.0.1:3";

    private final MutableClock clock =
            new MutableClock(java.time.Instant.parse("2026-11-21T12:00:00Z"));
    private final Map<String, OptionalInt> counts = new HashMap<>();
    private final AtomicInteger probes = new AtomicInteger();

    private LoadBalancingBrokerDirectory directory() {
        return new LoadBalancingBrokerDirectory(
                List.of(A, B, C),
                url -> {
                    probes.incrementAndGet();
                    return counts.getOrDefault(url, OptionalInt.empty());
                },
                Runnable::run,
                clock,
                Duration.ofSeconds(1));
    }

    @Test
    void leastLoadedHealthyNodeComesFirstAndDownNodesLast() {
        counts.put(A, OptionalInt.of(7));
        counts.put(B, OptionalInt.empty());
        counts.put(C, OptionalInt.of(2));

        assertThat(directory().brokersFor("alice")).containsExactly(C, A, B);
    }

    @Test
    void everyNodeIsStillHandedOutWhenAllAreDown() {
        assertThat(directory().brokersFor("alice")).containsExactlyInAnyOrder(A, B, C);
    }

    @Test
    void idleNodesAreSpreadOverUsers() {
        connections(0, 0, 0);
        LoadBalancingBrokerDirectory directory = directory();

        long distinctFirstChoices =
                List.of("alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi").stream()
                        .map(user -> directory.brokersFor(user).get(0))
                        .distinct()
                        .count();

        assertThat(distinctFirstChoices).isGreaterThan(1);
    }

    @Test
    void countsAreReusedUntilTheyAreOlderThanMaxAge() {
        connections(1, 2, 3);
        LoadBalancingBrokerDirectory directory = directory();

        directory.brokersFor("alice");
        directory.brokersFor("bob");
        assertThat(probes).hasValue(3);

        counts.put(A, OptionalInt.of(9));
        clock.advance(Duration.ofSeconds(1));
        assertThat(directory.brokersFor("carol")).containsExactly(B, C, A);
        assertThat(probes).hasValue(6);
    }

    @Test
    void aProbeThatThrowsCountsAsDown() {
        LoadBalancingBrokerDirectory directory =
                new LoadBalancingBrokerDirectory(
                        List.of(A, B),
                        url -> {
                            if (url.equals(A)) {
                                throw new IllegalStateException("boom");
                            }
                            return OptionalInt.of(5);
                        },
                        Runnable::run,
                        clock,
                        Duration.ofSeconds(1));

        assertThat(directory.brokersFor("alice")).containsExactly(B, A);
    }

    @Test
    void anEmptyBrokerListIsRefused() {
        assertThatThrownBy(
                        () ->
                                new LoadBalancingBrokerDirectory(
                                        List.of(),
                                        url -> OptionalInt.empty(),
                                        Runnable::run,
                                        clock,
                                        Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** The connection counts the probes of A, B and C report. */
    private void connections(int a, int b, int c) {
        counts.put(A, OptionalInt.of(a));
        counts.put(B, OptionalInt.of(b));
        counts.put(C, OptionalInt.of(c));
    }
}
