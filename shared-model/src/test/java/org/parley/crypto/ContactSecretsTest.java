package org.parley.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.parley.crypto.primitives.CryptoException;
import org.parley.model.PublicKeys;

class ContactSecretsTest {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final IdentityKeyPair aliceKeys = IdentityKeyPair.generate(RANDOM);
    private final IdentityKeyPair bobKeys = IdentityKeyPair.generate(RANDOM);

    @Test
    void bothSidesDeriveTheSameSecret() throws CryptoException {
        byte[] fromAlice =
                new ContactSecrets("alice", aliceKeys).secretFor("bob", bobKeys.publicKeys());
        byte[] fromBob =
                new ContactSecrets("bob", bobKeys).secretFor("alice", aliceKeys.publicKeys());
        assertThat(fromAlice).hasSize(32).isEqualTo(fromBob);
    }

    @Test
    void secretIsBoundToBothUsernames() throws CryptoException {
        ContactSecrets alice = new ContactSecrets("alice", aliceKeys);
        byte[] withBob = alice.secretFor("bob", bobKeys.publicKeys());
        // Same keys under another name give another secret.
        assertThat(alice.secretFor("bobby", bobKeys.publicKeys())).isNotEqualTo(withBob);
        assertThat(new ContactSecrets("alicia", aliceKeys).secretFor("bob", bobKeys.publicKeys()))
                .isNotEqualTo(withBob);
    }

    @Test
    void changedPeerKeyGivesANewSecret() throws CryptoException {
        ContactSecrets alice = new ContactSecrets("alice", aliceKeys);
        byte[] before = alice.secretFor("bob", bobKeys.publicKeys());
        PublicKeys newKeys = IdentityKeyPair.generate(RANDOM).publicKeys();
        assertThat(alice.secretFor("bob", newKeys)).isNotEqualTo(before);
        assertThat(alice.secretFor("bob", bobKeys.publicKeys())).isEqualTo(before);
    }

    @Test
    void cacheIsBoundedAndReturnsCopies() throws CryptoException {
        ContactSecrets alice = new ContactSecrets("alice", aliceKeys, 3);
        byte[] first = alice.secretFor("bob", bobKeys.publicKeys());
        first[0] ^= 1;
        assertThat(alice.secretFor("bob", bobKeys.publicKeys())).isNotEqualTo(first);
        for (int i = 0; i < 10; i++) {
            alice.secretFor("user" + i, bobKeys.publicKeys());
        }
        assertThat(alice.size()).isEqualTo(3);
    }

    @Test
    void invalidPeersAreRefused() {
        ContactSecrets alice = new ContactSecrets("alice", aliceKeys);
        assertThatThrownBy(() -> alice.secretFor("Bob!", bobKeys.publicKeys()))
                .isInstanceOf(CryptoException.class);
        assertThatThrownBy(() -> alice.secretFor("bob", null)).isInstanceOf(CryptoException.class);
        assertThatThrownBy(
                        () ->
                                alice.secretFor(
                                        "bob",
                                        new PublicKeys(bobKeys.signingPublic(), new byte[32])))
                .isInstanceOf(CryptoException.class);
        assertThatThrownBy(
                        () -> alice.secretFor("bob", new PublicKeys(bobKeys.signingPublic(), null)))
                .isInstanceOf(CryptoException.class);
        assertThatThrownBy(() -> new ContactSecrets("Alice", aliceKeys))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void concurrentCallersGetConsistentSecrets() throws Exception {
        ContactSecrets alice = new ContactSecrets("alice", aliceKeys, 50);
        List<IdentityKeyPair> peers = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            peers.add(IdentityKeyPair.generate(RANDOM));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                results.add(
                        pool.submit(
                                () -> {
                                    for (int round = 0; round < 3; round++) {
                                        for (int i = 0; i < peers.size(); i++) {
                                            byte[] secret =
                                                    alice.secretFor(
                                                            "peer" + i, peers.get(i).publicKeys());
                                            byte[] expected =
                                                    new ContactSecrets("peer" + i, peers.get(i))
                                                            .secretFor(
                                                                    "alice",
                                                                    aliceKeys.publicKeys());
                                            if (!java.util.Arrays.equals(secret, expected)) {
                                                return false;
                                            }
                                        }
                                    }
                                    return true;
                                }));
            }
            for (Future<Boolean> result : results) {
                assertThat(result.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(alice.size()).isEqualTo(50);
    }
}
