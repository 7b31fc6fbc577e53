package org.parley.model;

/** {@code POST /api/v1/signup} request; {@code wrappedKeys} is the blob made by {@code KeyWrapper}. */
public record SignupRequest(String username, byte[] salt, KdfParams kdf, byte[] authKey,
        PublicKeys publicKeys, byte[] wrappedKeys) {
}
