package org.parley.model;

/** {@code POST /api/v1/prelogin} response: the account's Argon2id salt and parameters. */
public record PreloginResponse(byte[] salt, KdfParams kdf) {}
