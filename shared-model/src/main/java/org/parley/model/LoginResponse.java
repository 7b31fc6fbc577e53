package org.parley.model;

import java.util.List;

/**
 * {@code POST /api/v1/login} response. {@code expiresAt} is epoch milliseconds; {@code brokers}
 * is the ordered list of broker URLs, preferred first.
 */
public record LoginResponse(String username, String token, long expiresAt, byte[] wrappedKeys,
        PublicKeys publicKeys, byte[] salt, KdfParams kdf, List<String> brokers) {
}
