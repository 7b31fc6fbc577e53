package org.parley.crypto;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.parley.crypto.primitives.CryptoException;
import org.parley.crypto.primitives.Hkdf;
import org.parley.crypto.primitives.X25519;
import org.parley.model.PublicKeys;
import org.parley.model.Usernames;

/**
 * The 1:1 contact secrets of one local identity, {@code HKDF(X25519(mine, theirs),
 * "parley/v1/contact|" + min(a,b) + "|" + max(a,b))}. The X25519 step costs far more than the rest
 * of a message, so results are cached (bounded, least recently used first out). The key includes
 * the peer's agreement key, so a changed key gets a new secret. Thread-safe.
 */
public final class ContactSecrets {

    public static final int DEFAULT_CAPACITY = 10_000;

    private static final HexFormat HEX = HexFormat.of();

    private final String myUsername;
    private final IdentityKeyPair me;
    private final Map<String, byte[]> cache;

    public ContactSecrets(String myUsername, IdentityKeyPair me) {
        this(myUsername, me, DEFAULT_CAPACITY);
    }

    public ContactSecrets(String myUsername, IdentityKeyPair me, int capacity) {
        if (!Usernames.isValid(myUsername)) {
            throw new IllegalArgumentException(Usernames.RULE);
        }
        if (me == null) {
            throw new IllegalArgumentException("The identity keys are missing.");
        }
        if (capacity < 1) {
            throw new IllegalArgumentException("The cache needs room for at least one contact.");
        }
        this.myUsername = myUsername;
        this.me = me;
        this.cache =
                new LinkedHashMap<>(16, 0.75f, true) {
                    @Override
                    protected boolean removeEldestEntry(Map.Entry<String, byte[]> eldest) {
                        return size() > capacity;
                    }
                };
    }

    /**
     * @throws CryptoException if {@code peer} is not a valid username or their agreement key is
     *     unusable
     */
    public byte[] secretFor(String peer, PublicKeys peerKeys) throws CryptoException {
        if (!Usernames.isValid(peer)) {
            throw new CryptoException("The contact's name is not a valid username.");
        }
        if (peerKeys == null) {
            throw new CryptoException("The contact's public keys are missing.");
        }
        byte[] theirs = peerKeys.agreement();
        if (theirs == null || theirs.length != X25519.KEY_BYTES) {
            throw new CryptoException("The contact's key agreement key is not 32 bytes.");
        }
        String cacheKey = peer + "|" + HEX.formatHex(theirs);
        byte[] cached;
        synchronized (cache) {
            cached = cache.get(cacheKey);
        }
        if (cached != null) {
            return cached.clone();
        }
        // Computed outside the lock: two threads may race to compute the same secret, which is
        // harmless, and nobody waits behind an X25519 for another contact.
        byte[] shared = me.agree(theirs);
        boolean mineFirst = myUsername.compareTo(peer) <= 0;
        String info =
                "parley/v1/contact|"
                        + (mineFirst ? myUsername : peer)
                        + "|"
                        + (mineFirst ? peer : myUsername);
        byte[] secret = Hkdf.sha256(shared, null, info.getBytes(StandardCharsets.UTF_8), 32);
        synchronized (cache) {
            cache.put(cacheKey, secret);
        }
        return secret.clone();
    }

    /** Number of cached secrets. */
    public int size() {
        synchronized (cache) {
            return cache.size();
        }
    }
}
