package org.parley.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.parley.model.PublicKeys;

class SafetyNumbersTest {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final PublicKeys alice = IdentityKeyPair.generate(RANDOM).publicKeys();
    private final PublicKeys bob = IdentityKeyPair.generate(RANDOM).publicKeys();

    @Test
    void bothSidesSeeTheSameSixtyDigits() {
        String fromAlice = SafetyNumbers.of("alice", alice, "bob", bob);
        assertThat(fromAlice).matches("[0-9]{60}");
        assertThat(SafetyNumbers.of("bob", bob, "alice", alice)).isEqualTo(fromAlice);
    }

    @Test
    void changesWhenEitherKeyChanges() {
        String original = SafetyNumbers.of("alice", alice, "bob", bob);
        byte[] agreement = bob.agreement();
        agreement[5] ^= 1;
        assertThat(
                        SafetyNumbers.of(
                                "alice", alice, "bob", new PublicKeys(bob.signing(), agreement)))
                .isNotEqualTo(original);
        byte[] signing = alice.signing();
        signing[0] ^= 1;
        String changedAlice =
                SafetyNumbers.of("alice", new PublicKeys(signing, alice.agreement()), "bob", bob);
        assertThat(changedAlice).isNotEqualTo(original);
        // Only the changed party's half moves; halves are in username order.
        assertThat(changedAlice.substring(30)).isEqualTo(original.substring(30));
        assertThat(changedAlice.substring(0, 30)).isNotEqualTo(original.substring(0, 30));
    }

    @Test
    void changesWhenANameChanges() {
        assertThat(SafetyNumbers.of("alice", alice, "bob", bob))
                .isNotEqualTo(SafetyNumbers.of("alicia", alice, "bob", bob));
    }

    @Test
    void formattedAsTwelveGroupsOfFive() {
        String digits = SafetyNumbers.of("alice", alice, "bob", bob);
        String formatted = SafetyNumbers.formatted(digits);
        assertThat(formatted).matches("([0-9]{5} ){11}[0-9]{5}");
        assertThat(formatted.replace(" ", "")).isEqualTo(digits);
        assertThat(SafetyNumbers.formatted("0".repeat(60))).startsWith("00000 00000 ");
        assertThatThrownBy(() -> SafetyNumbers.formatted("1".repeat(59)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SafetyNumbers.formatted("1".repeat(59) + "x"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void invalidInputIsRefused() {
        assertThatThrownBy(() -> SafetyNumbers.of("Alice", alice, "bob", bob))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SafetyNumbers.of("alice", null, "bob", bob))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(
                        () ->
                                SafetyNumbers.of(
                                        "alice",
                                        new PublicKeys(new byte[31], new byte[32]),
                                        "bob",
                                        bob))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
