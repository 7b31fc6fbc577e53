package org.parley.auth.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.auth.http.ApiException;
import org.parley.crypto.IdentityKeyPair;
import org.parley.crypto.SignupProof;
import org.parley.crypto.primitives.X25519;
import org.parley.model.PublicKeys;
import org.parley.model.SignupChallengeResponse;
import org.parley.testing.MutableClock;

class SignupProofAndDeviceCookiesTest {

    private final SecureRandom random = new SecureRandom();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

    @Test
    void aDeviceCookieIsValidOnlyForItsUsernameUnalteredAndUntilItExpires(@TempDir Path dir)
            throws Exception {
        DeviceCookies cookies =
                new DeviceCookies(ServerKeys.loadOrCreate(dir, random), random, clock);
        String cookie = cookies.issue("carol");

        assertThat(cookies.verify("carol", cookie)).isPresent();
        assertThat(cookies.verify("mallory", cookie)).isEmpty();
        assertThat(cookies.verify("carol", cookie.substring(0, cookie.length() - 2) + "AA"))
                .isEmpty();
        assertThat(cookies.verify("carol", null)).isEmpty();
        assertThat(cookies.verify("carol", "v1.x.y.z")).isEmpty();
        assertThat(cookies.verify("carol", "v1." + "A".repeat(500))).isEmpty();
        assertThat(cookies.issue("carol")).isNotEqualTo(cookie);

        clock.advance(DeviceCookies.LIFETIME.plus(Duration.ofSeconds(1)));
        assertThat(cookies.verify("carol", cookie)).isEmpty();
    }

    @Test
    void onlyTheHolderOfBothPrivateKeysCanProveThemForTheChallengedUsername(@TempDir Path dir)
            throws Exception {
        SignupChallenges challenges =
                new SignupChallenges(ServerKeys.loadOrCreate(dir, random), random, clock);
        IdentityKeyPair carol = IdentityKeyPair.generate(random);
        IdentityKeyPair mallory = IdentityKeyPair.generate(random);
        SignupChallengeResponse c = challenges.issue("carol");
        byte[] serverPrivate = challenges.check("carol", c.challenge());
        assertThat(X25519.publicKey(serverPrivate)).isEqualTo(c.serverAgreementKey());
        byte[] transcript =
                SignupProof.transcript(
                        "carol", c.challenge(), c.serverAgreementKey(), carol.publicKeys());

        SignupProof.Proofs real =
                SignupProof.prove(carol, "carol", c.challenge(), c.serverAgreementKey());
        assertThat(verdicts(real, carol.publicKeys(), transcript, serverPrivate))
                .as("signature, agreement proof")
                .containsExactly(true, true);

        // mallory submits carol's public keys with proofs made with her own private keys.
        SignupProof.Proofs forged =
                SignupProof.prove(mallory, "carol", c.challenge(), c.serverAgreementKey());
        assertThat(verdicts(forged, carol.publicKeys(), transcript, serverPrivate))
                .as("signature, agreement proof")
                .containsExactly(false, false);
        // Her own identity key with carol's agreement key: the signature passes, the agreement
        // proof does not.
        PublicKeys mixed = new PublicKeys(mallory.signingPublic(), carol.agreementPublic());
        byte[] mixedTranscript =
                SignupProof.transcript("carol", c.challenge(), c.serverAgreementKey(), mixed);
        assertThat(
                        SignupProof.verifyAgreement(
                                serverPrivate, mixed, mixedTranscript, forged.agreementProof()))
                .isFalse();

        assertThatThrownBy(() -> challenges.check("mallory", c.challenge()))
                .isInstanceOf(ApiException.class);
        clock.advance(SignupChallenges.LIFETIME.plus(Duration.ofSeconds(1)));
        assertThatThrownBy(() -> challenges.check("carol", c.challenge()))
                .isInstanceOf(ApiException.class)
                .hasMessageContaining("expired");
    }

    /**
     * Whether {@code proofs} pass for the {@code claimed} keys: the signature, the agreement proof.
     */
    private static List<Boolean> verdicts(
            SignupProof.Proofs proofs,
            PublicKeys claimed,
            byte[] transcript,
            byte[] serverPrivate) {
        return List.of(
                SignupProof.verifySignature(claimed, transcript, proofs.signature()),
                SignupProof.verifyAgreement(
                        serverPrivate, claimed, transcript, proofs.agreementProof()));
    }
}
