package org.parley.model;

/** {@code POST /api/v1/token/refresh} response; {@code expiresAt} is epoch milliseconds. */
public record TokenResponse(String token, long expiresAt) {}
