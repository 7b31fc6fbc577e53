package org.parley.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class UsernamesTest {

    @ParameterizedTest
    @CsvSource({
        "alice, alice",
        "Alice, alice",
        "BOB.SMITH, bob.smith",
        "a_b-c.d, a_b-c.d",
        "abc, abc",
        "0123456789abcdefghijklmnopqrstuv, 0123456789abcdefghijklmnopqrstuv",
        // Fullwidth letters are compatibility forms of ASCII: NFKC folds them.
        "\uff41\uff4c\uff49\uff43\uff45, alice",
        // Kelvin sign and the "fi" ligature are compatibility characters too.
        "\u212aate, kate",
        "\ufb01ona, fiona",
    })
    void acceptsAndNormalizes(String raw, String expected) {
        assertThat(Usernames.normalize(raw)).isEqualTo(expected);
        assertThat(Usernames.isValid(expected)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "a'; drop table users;--",
                "bob'--",
                "al%ce",
                "al ice",
                " alice",
                "alice\n",
                "al\u0000ice",
                "ab",
                "0123456789abcdefghijklmnopqrstuvw",
                ".alice",
                "alice.",
                "al..ice",
                "\u0430lice", // Cyrillic a
                "alic\u0435", // Cyrillic e
                "\u202eecila", // right-to-left override
                "ali\u200bce", // zero-width space
                "al\u0131ce", // dotless i
                "\u0130lice", // capital I with dot lowercases to i + combining dot
                "alice\u0301", // combining accent
                "al*ce",
                "al>ce",
                "al#ce",
                "al/ce",
                "al|ce",
                "alice@example",
                "",
            })
    void rejects(String raw) {
        assertThatThrownBy(() -> Usernames.normalize(raw))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(
                        "Usernames are 3 to 32 characters: a-z, 0-9, dot, dash, underscore");
        assertThat(Usernames.isValid(raw)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Alice", "\uff41\uff4c\uff49\uff43\uff45"})
    void isValidOnlyAcceptsTheCanonicalForm(String raw) {
        assertThat(Usernames.isValid(raw)).isFalse();
    }

    @org.junit.jupiter.api.Test
    void nullAndHugeInputAreRejected() {
        assertThatThrownBy(() -> Usernames.normalize(null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Usernames.normalize("a".repeat(100_000)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(Usernames.isValid(null)).isFalse();
    }
}
