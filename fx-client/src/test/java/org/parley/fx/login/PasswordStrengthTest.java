package org.parley.fx.login;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PasswordStrengthTest {

    @Test
    void shortCommonAndRepetitivePasswordsAreWeak() {
        assertThat(PasswordStrength.of("", 8)).isEqualTo(PasswordStrength.EMPTY);
        assertThat(PasswordStrength.of("abc", 8)).isEqualTo(PasswordStrength.WEAK);
        assertThat(PasswordStrength.of("password", 8)).isEqualTo(PasswordStrength.WEAK);
        assertThat(PasswordStrength.of("aaaaaaaaaaaa", 8)).isEqualTo(PasswordStrength.WEAK);
        assertThat(PasswordStrength.of("abcdefghijkl", 8)).isEqualTo(PasswordStrength.WEAK);
    }

    @Test
    void longerAndMoreVariedPasswordsScoreHigher() {
        assertThat(PasswordStrength.of("sunflower", 8)).isEqualTo(PasswordStrength.FAIR);
        assertThat(PasswordStrength.of("Sunflower7x!", 8))
                .isIn(PasswordStrength.GOOD, PasswordStrength.STRONG);
        assertThat(PasswordStrength.of("correct horse battery staple", 8))
                .isEqualTo(PasswordStrength.STRONG);
    }
}
