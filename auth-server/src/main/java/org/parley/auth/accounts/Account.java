package org.parley.auth.accounts;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.parley.model.KdfParams;
import org.parley.model.PublicKeys;

/**
 * One row of {@code accounts}, as the server keeps it: a bcrypt hash of the client's authKey,
 * public keys, and private keys wrapped under a key only the client can derive.
 *
 * @param tokensNotBefore session tokens issued before this instant are refused; null for none
 */
public record Account(
        String username,
        String authHash,
        PublicKeys publicKeys,
        byte[] wrappedKeys,
        byte[] salt,
        KdfParams kdf,
        boolean disabled,
        @Nullable Instant tokensNotBefore) {

    public Account {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(authHash, "authHash");
        Objects.requireNonNull(publicKeys, "publicKeys");
        wrappedKeys = wrappedKeys.clone();
        salt = salt.clone();
        Objects.requireNonNull(kdf, "kdf");
    }

    @Override
    public byte[] wrappedKeys() {
        return wrappedKeys.clone();
    }

    @Override
    public byte[] salt() {
        return salt.clone();
    }

    /**
     * Whether a token issued at {@code issuedAtEpochSecond} may still be used. {@code iat} has
     * whole seconds, so a token from the same second as a revocation is refused too: erring towards
     * one extra login rather than one surviving token.
     */
    public boolean acceptsTokenIssuedAt(long issuedAtEpochSecond) {
        return !disabled
                && (tokensNotBefore == null
                        || !tokensNotBefore.isAfter(Instant.ofEpochSecond(issuedAtEpochSecond)));
    }

    @Override
    public String toString() {
        return "Account[" + username + (disabled ? ", disabled" : "") + "]";
    }
}
