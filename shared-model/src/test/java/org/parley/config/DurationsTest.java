package org.parley.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {

    @Test
    void acceptsUnitsBareSecondsAndIso8601() {
        assertThat(Durations.parse("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(Durations.parse("15m")).isEqualTo(Duration.ofMinutes(15));
        assertThat(Durations.parse("2h")).isEqualTo(Duration.ofHours(2));
        assertThat(Durations.parse("1d")).isEqualTo(Duration.ofDays(1));
        assertThat(Durations.parse(" 30 S ")).isEqualTo(Duration.ofSeconds(30));
        assertThat(Durations.parse("600")).isEqualTo(Duration.ofMinutes(10));
        assertThat(Durations.parse("PT15M")).isEqualTo(Duration.ofMinutes(15));
        assertThat(Durations.parse("pt30s")).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void refusesAnythingElse() {
        for (String bad :
                new String[] {"", "soon", "5 minutes", "PTX", "10w", "99999999999999999d"}) {
            assertThatThrownBy(() -> Durations.parse(bad))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
