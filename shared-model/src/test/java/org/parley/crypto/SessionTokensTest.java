package org.parley.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.parley.crypto.primitives.Ed25519;
import org.parley.model.Ids;

class SessionTokensTest {

    private static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final Ed25519.KeyPair SERVER = Ed25519.generate(new SecureRandom());

    private final SessionClaims claims =
            SessionClaims.session("alice", NOW, Duration.ofMinutes(15));
    private final String token = SessionTokens.issue(SERVER.privateKey(), claims);

    @Test
    void issuedTokenVerifiesToItsClaims() throws InvalidTokenException {
        assertThat(SessionTokens.verify(SERVER.publicKey(), token, CLOCK)).isEqualTo(claims);
        assertThat(claims.exp() - claims.iat()).isEqualTo(900);
        assertThat(Ids.isValid(claims.jti())).isTrue();
    }

    @Test
    void tokenHasTwoUnpaddedBase64UrlParts() {
        assertThat(token).matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]{86}");
        String payload =
                new String(
                        Base64.getUrlDecoder().decode(token.substring(0, token.indexOf('.'))),
                        StandardCharsets.UTF_8);
        assertThat(payload).contains("\"typ\":\"session\"").contains("\"sub\":\"alice\"");
    }

    @Test
    void expiredTokenIsRejected() {
        Clock atExpiry = Clock.fixed(claims.expiresAt(), ZoneOffset.UTC);
        assertThatThrownBy(() -> SessionTokens.verify(SERVER.publicKey(), token, atExpiry))
                .isInstanceOf(InvalidTokenException.class)
                .hasMessage("The session token has expired.");
        Clock justBefore = Clock.fixed(claims.expiresAt().minusSeconds(1), ZoneOffset.UTC);
        assertThat(catchVerify(token, justBefore)).isNull();
    }

    @Test
    void tokenIssuedMoreThanAMinuteInTheFutureIsRejected() {
        Clock early = Clock.fixed(NOW.minusSeconds(61), ZoneOffset.UTC);
        assertThatThrownBy(() -> SessionTokens.verify(SERVER.publicKey(), token, early))
                .isInstanceOf(InvalidTokenException.class)
                .hasMessageContaining("future");
        assertThat(catchVerify(token, Clock.fixed(NOW.minusSeconds(60), ZoneOffset.UTC))).isNull();
    }

    @Test
    void tokenSignedByAnotherKeyIsRejected() {
        String other =
                SessionTokens.issue(Ed25519.generate(new SecureRandom()).privateKey(), claims);
        assertThat(catchVerify(other, CLOCK)).hasMessageContaining("signature");
    }

    @Test
    void tokenVerifiedWithAnotherKeyIsRejected() {
        assertThatThrownBy(
                        () ->
                                SessionTokens.verify(
                                        Ed25519.generate(new SecureRandom()).publicKey(),
                                        token,
                                        CLOCK))
                .isInstanceOf(InvalidTokenException.class);
    }

    @Test
    void forgedSignatureIsRejected() {
        String payload = token.substring(0, token.indexOf('.'));
        String zeros = Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[64]);
        assertThat(catchVerify(payload + "." + zeros, CLOCK)).hasMessageContaining("signature");
        for (int i = token.indexOf('.') + 1; i < token.length(); i++) {
            assertThat(catchVerify(replaceChar(token, i), CLOCK))
                    .as("signature char %d", i)
                    .isNotNull();
        }
    }

    @Test
    void tamperedPayloadIsRejected() {
        for (int i = 0; i < token.indexOf('.'); i++) {
            assertThat(catchVerify(replaceChar(token, i), CLOCK))
                    .as("payload char %d", i)
                    .isNotNull();
        }
        // A different subject with the original signature.
        SessionClaims bob =
                new SessionClaims(1, "session", "bob", claims.iat(), claims.exp(), claims.jti());
        String bobPayload = SessionTokens.issue(SERVER.privateKey(), bob).split("\\.")[0];
        assertThat(catchVerify(bobPayload + token.substring(token.indexOf('.')), CLOCK))
                .hasMessageContaining("signature");
    }

    @Test
    void truncatedTokensAreRejected() {
        for (int length = 0; length < token.length(); length++) {
            assertThat(catchVerify(token.substring(0, length), CLOCK))
                    .as("length %d", length)
                    .isNotNull();
        }
        assertThat(catchVerify(null, CLOCK)).hasMessageContaining("missing");
    }

    @Test
    void malformedStructureIsRejected() {
        assertThat(catchVerify(token + ".", CLOCK)).isNotNull();
        assertThat(catchVerify(token + "." + token.substring(token.indexOf('.') + 1), CLOCK))
                .isNotNull();
        assertThat(catchVerify(token.replace('.', '!'), CLOCK)).isNotNull();
        assertThat(catchVerify(token + "==", CLOCK)).isNotNull();
        assertThat(catchVerify(" " + token, CLOCK)).isNotNull();
    }

    @ParameterizedTest(name = "v={0} typ={1} sub={2}")
    @CsvSource({
        "1, refresh, alice, The token is not a session token.",
        "2, session, alice, version",
        "1, session, Alice;drop, valid user",
    })
    void validlySignedButUnacceptableClaimsAreRejected(
            int version, String type, String subject, String problem) {
        String payload =
                String.format(
                        "{\"v\":%d,\"typ\":\"%s\",\"sub\":\"%s\",\"iat\":%d,\"exp\":%d,\"jti\":\"%s\"}",
                        version, type, subject, claims.iat(), claims.exp(), claims.jti());
        assertThat(catchVerify(signRaw(payload), CLOCK)).hasMessageContaining(problem);
    }

    @Test
    void signedClaimsWithoutExpiryOrNotJsonAreRejected() {
        assertThat(
                        catchVerify(
                                signRaw(
                                        "{\"v\":1,\"typ\":\"session\",\"sub\":\"alice\",\"iat\":"
                                                + claims.iat()
                                                + ",\"jti\":\""
                                                + claims.jti()
                                                + "\"}"),
                                CLOCK))
                .hasMessage("The session token has expired.");
        assertThat(catchVerify(signRaw("not json"), CLOCK)).hasMessageContaining("malformed");
        assertThat(catchVerify(signRaw("null"), CLOCK)).hasMessageContaining("malformed");
    }

    @Test
    void hugeTokenIsRejectedBeforeAnyWork() {
        String huge = "a".repeat(3000) + "." + "b".repeat(86);
        assertThat(catchVerify(huge, CLOCK)).hasMessage("The session token is too long.");
    }

    @Test
    void issuingUnverifiableClaimsFails() {
        for (SessionClaims claims :
                List.of(
                        new SessionClaims(1, "session", "not a user", 1, 2, Ids.newId()),
                        new SessionClaims(1, "session", "alice", 2, 2, Ids.newId()))) {
            assertThatThrownBy(() -> SessionTokens.issue(SERVER.privateKey(), claims))
                    .as(claims.toString())
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    private String signRaw(String payloadJson) {
        String payload =
                Base64.getUrlEncoder()
                        .withoutPadding()
                        .encodeToString(payloadJson.getBytes(StandardCharsets.UTF_8));
        byte[] sig = Ed25519.sign(SERVER.privateKey(), payload.getBytes(StandardCharsets.US_ASCII));
        return payload + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(sig);
    }

    private static String replaceChar(String s, int index) {
        char replacement = s.charAt(index) == 'A' ? 'B' : 'A';
        return s.substring(0, index) + replacement + s.substring(index + 1);
    }

    /** The rejection, or null if the token verified. */
    private static InvalidTokenException catchVerify(String token, Clock clock) {
        try {
            SessionTokens.verify(SERVER.publicKey(), token, clock);
            return null;
        } catch (InvalidTokenException e) {
            return e;
        }
    }
}
