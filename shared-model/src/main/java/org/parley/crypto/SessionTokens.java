package org.parley.crypto;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import org.jspecify.annotations.Nullable;
import org.parley.crypto.primitives.Ed25519;
import org.parley.model.Ids;
import org.parley.model.Json;
import org.parley.model.ProtocolVersion;
import org.parley.model.Usernames;

/**
 * Session tokens: {@code base64url(payloadJson) "." base64url(Ed25519 signature over the ASCII of
 * the first part)}, unpadded. One fixed algorithm, so there is nothing to negotiate and no {@code
 * alg} confusion; anyone with the auth server's public key can verify offline.
 */
public final class SessionTokens {

    public static final int MAX_TOKEN_CHARS = 2048;

    /** How far a token's issue time may be ahead of the verifier's clock. */
    public static final long MAX_CLOCK_SKEW_SECONDS = 60;

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private SessionTokens() {}

    /**
     * @throws IllegalArgumentException if the claims are not a well-formed session (so an issuer
     *     cannot make a token no verifier would accept)
     */
    public static String issue(byte[] signingPrivate, SessionClaims claims) {
        if (claims == null) {
            throw new IllegalArgumentException("There are no claims to sign.");
        }
        String problem = problemWith(claims);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        if (claims.exp() <= claims.iat()) {
            throw new IllegalArgumentException("A session token must expire after it is issued.");
        }
        String payload =
                ENCODER.encodeToString(Json.write(claims).getBytes(StandardCharsets.UTF_8));
        byte[] signature =
                Ed25519.sign(signingPrivate, payload.getBytes(StandardCharsets.US_ASCII));
        String token = payload + "." + ENCODER.encodeToString(signature);
        if (token.length() > MAX_TOKEN_CHARS) {
            throw new IllegalArgumentException("The session token would be longer than 2 KiB.");
        }
        return token;
    }

    /**
     * Checks the token's shape, signature, version, type, subject and validity period.
     *
     * @return the verified claims
     * @throws InvalidTokenException with a sentence saying why the token is refused
     */
    public static SessionClaims verify(byte[] signingPublic, String token, Clock clock)
            throws InvalidTokenException {
        if (token == null || token.isEmpty()) {
            throw new InvalidTokenException("The session token is missing.");
        }
        if (token.length() > MAX_TOKEN_CHARS) {
            throw new InvalidTokenException("The session token is too long.");
        }
        int dot = token.indexOf('.');
        if (dot <= 0 || dot == token.length() - 1 || token.indexOf('.', dot + 1) >= 0) {
            throw new InvalidTokenException("The session token is malformed.");
        }
        String payloadPart = token.substring(0, dot);
        byte[] payload = decode(payloadPart);
        byte[] signature = decode(token.substring(dot + 1));
        // The signature is checked before the payload is parsed: unauthenticated JSON is never
        // read.
        if (!Ed25519.verify(
                signingPublic, payloadPart.getBytes(StandardCharsets.US_ASCII), signature)) {
            throw new InvalidTokenException("The session token's signature is not valid.");
        }
        SessionClaims claims;
        try {
            claims = Json.parse(new String(payload, StandardCharsets.UTF_8), SessionClaims.class);
        } catch (IllegalArgumentException e) {
            throw new InvalidTokenException("The session token's contents are malformed.", e);
        }
        String problem = problemWith(claims);
        if (problem != null) {
            throw new InvalidTokenException(problem);
        }
        long now = clock.instant().getEpochSecond();
        if (claims.exp() <= now) {
            throw new InvalidTokenException("The session token has expired.");
        }
        if (claims.iat() > now + MAX_CLOCK_SKEW_SECONDS) {
            throw new InvalidTokenException(
                    "The session token was issued in the future; check the clock.");
        }
        return claims;
    }

    private static @Nullable String problemWith(SessionClaims claims) {
        if (claims.v() != ProtocolVersion.CURRENT) {
            return "The session token has an unknown version.";
        }
        if (!SessionClaims.TYPE_SESSION.equals(claims.typ())) {
            return "The token is not a session token.";
        }
        if (!Usernames.isValid(claims.sub())) {
            return "The session token does not name a valid user.";
        }
        if (!Ids.isValid(claims.jti())) {
            return "The session token has no valid id.";
        }
        return null;
    }

    private static byte[] decode(String part) throws InvalidTokenException {
        byte[] bytes;
        try {
            bytes = DECODER.decode(part);
        } catch (IllegalArgumentException e) {
            throw new InvalidTokenException("The session token is malformed.", e);
        }
        // Only the canonical unpadded encoding is accepted, so a token has exactly one spelling.
        if (!ENCODER.encodeToString(bytes).equals(part)) {
            throw new InvalidTokenException("The session token is malformed.");
        }
        return bytes;
    }
}
