package org.parley.model;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * {@code POST /api/v1/login} response. {@code expiresAt} is epoch milliseconds; {@code brokers} is
 * the ordered list of broker URLs, preferred first; {@code deviceCookie} is the device's login
 * token to present on its next login (kept in the profile, not a credential by itself).
 */
public record LoginResponse(
        String username,
        String token,
        long expiresAt,
        byte[] wrappedKeys,
        PublicKeys publicKeys,
        byte[] salt,
        KdfParams kdf,
        List<String> brokers,
        @Nullable String deviceCookie) {}
