package org.parley.auth.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.parley.model.KdfParams;
import org.parley.model.PublicKeys;

class AccountTest {

    private static final long IAT = Instant.parse("2026-01-01T12:00:00Z").getEpochSecond();

    @Test
    void tokensAreAcceptedWhenNothingWasRevoked() {
        assertThat(account(false, null).acceptsTokenIssuedAt(IAT)).isTrue();
    }

    @Test
    void aDisabledAccountAcceptsNoToken() {
        assertThat(account(true, null).acceptsTokenIssuedAt(IAT)).isFalse();
    }

    @Test
    void tokensIssuedBeforeTheRevocationInstantAreRefusedEvenWithinTheSameSecond() {
        Instant revokedAt = Instant.ofEpochSecond(IAT).plusMillis(500);

        assertThat(account(false, revokedAt).acceptsTokenIssuedAt(IAT)).isFalse();
        assertThat(account(false, revokedAt).acceptsTokenIssuedAt(IAT + 1)).isTrue();
        assertThat(account(false, Instant.ofEpochSecond(IAT)).acceptsTokenIssuedAt(IAT)).isTrue();
    }

    private static Account account(boolean disabled, Instant tokensNotBefore) {
        return new Account(
                "alice",
                "$2a$12$hash",
                new PublicKeys(new byte[32], new byte[32]),
                new byte[93],
                new byte[16],
                KdfParams.DEFAULT,
                disabled,
                tokensNotBefore);
    }
}
