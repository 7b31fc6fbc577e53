package org.parley.model;

/** {@code POST /api/v1/login} request. */
public record LoginRequest(String username, byte[] authKey) {
}
