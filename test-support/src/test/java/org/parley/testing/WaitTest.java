package org.parley.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WaitTest {

    @Test
    void returnsTheFirstValueTheConditionAccepts() {
        AtomicInteger polls = new AtomicInteger();
        int value =
                Wait.until(
                        Duration.ofSeconds(10),
                        "the third poll",
                        polls::incrementAndGet,
                        n -> n >= 3);
        assertThat(value).isEqualTo(3);
    }

    @Test
    void aConditionThatNeverHoldsFailsAfterTheDeadlineNamingWhatAndTheLastValueSeen() {
        long t0 = System.nanoTime();
        assertThatThrownBy(
                        () ->
                                Wait.until(
                                        Duration.ofMillis(200),
                                        "a miracle",
                                        () -> "nothing yet",
                                        "done"::equals))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("a miracle")
                .hasMessageContaining("last seen: nothing yet");
        assertThat(Duration.ofNanos(System.nanoTime() - t0))
                .isGreaterThanOrEqualTo(Duration.ofMillis(200));
    }

    @Test
    void aConditionThatAlreadyHoldsReturnsWithoutPolling() {
        AtomicInteger polls = new AtomicInteger();
        Wait.until(Duration.ofSeconds(10), "nothing", () -> polls.incrementAndGet() > 0);
        assertThat(polls).hasValue(1);
    }
}
