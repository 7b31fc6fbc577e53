package org.parley.model;

/** {@code GET /api/v1/users/{name}/keys} response. */
public record UserKeysResponse(String username, PublicKeys publicKeys) {}
