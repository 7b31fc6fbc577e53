package org.parley.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SecretTest {

    @Test
    void toStringNeverShowsTheValue() {
        Secret secret = Secret.of("hunter2-hunter2");

        assertThat(secret.toString()).isEqualTo("[redacted]").doesNotContain("hunter2");
        assertThat(String.valueOf(secret)).doesNotContain("hunter2");
    }

    @Test
    void revealGivesTheValue() {
        assertThat(Secret.of("s3cret").reveal()).isEqualTo("s3cret");
    }

    @Test
    void secretsWithTheSameValueAreEqual() {
        assertThat(Secret.of("a")).isEqualTo(Secret.of("a")).isNotEqualTo(Secret.of("b"));
        assertThat(Secret.of("a")).hasSameHashCodeAs(Secret.of("b"));
    }

    @Test
    void nullStaysNull() {
        assertThat(Secret.ofNullable(null)).isNull();
        assertThat(Secret.revealOrNull(null)).isNull();
        assertThat(Secret.revealOrNull(Secret.of("x"))).isEqualTo("x");
    }
}
