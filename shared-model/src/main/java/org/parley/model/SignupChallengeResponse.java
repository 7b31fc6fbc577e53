package org.parley.model;

/**
 * {@code POST /api/v1/signup/challenge} response: an opaque challenge bound to the username and
 * valid until {@code expiresAt} (epoch ms), and the X25519 public key the client proves its
 * agreement key against ({@link org.parley.crypto.SignupProof}).
 */
public record SignupChallengeResponse(
        byte[] challenge, byte[] serverAgreementKey, long expiresAt) {}
