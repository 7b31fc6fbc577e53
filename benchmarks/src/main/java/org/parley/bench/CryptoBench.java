package org.parley.bench;

import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.parley.crypto.EnvelopeCrypto;
import org.parley.crypto.IdentityKeyPair;
import org.parley.crypto.primitives.Aead;
import org.parley.crypto.primitives.CryptoException;
import org.parley.crypto.primitives.Ed25519;
import org.parley.model.Envelope;
import org.parley.model.EnvelopeHeader;

/** JMH micro-benchmarks of the crypto path a 1 KiB text takes (and a 64 KiB file chunk). */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class CryptoBench {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final byte[] NO_AAD = new byte[0];

    private EnvelopeCrypto alice;
    private EnvelopeCrypto bob;
    private IdentityKeyPair aliceKeys;
    private IdentityKeyPair bobKeys;
    private byte[] text;
    private byte[] chunk;
    private byte[] chunkKey;
    private Envelope sealed;
    private byte[] signingPrivate;
    private byte[] signingPublic;
    private byte[] signature;

    @Setup
    public void setUp() throws CryptoException {
        aliceKeys = IdentityKeyPair.generate(RANDOM);
        bobKeys = IdentityKeyPair.generate(RANDOM);
        alice = new EnvelopeCrypto("alice", aliceKeys);
        bob = new EnvelopeCrypto("bob", bobKeys);
        text = new byte[1024];
        RANDOM.nextBytes(text);
        chunk = new byte[64 * 1024];
        RANDOM.nextBytes(chunk);
        chunkKey = new byte[Aead.KEY_BYTES];
        RANDOM.nextBytes(chunkKey);
        sealed = seal();
        Ed25519.KeyPair kp = Ed25519.generate(RANDOM);
        signingPrivate = kp.privateKey();
        signingPublic = kp.publicKey();
        signature = Ed25519.sign(signingPrivate, text);
    }

    @Benchmark
    public Envelope seal() throws CryptoException {
        return alice.sealDirect(
                EnvelopeHeader.direct("alice", "bob", 1_700_000_000_000L, "text"),
                text,
                bobKeys.publicKeys());
    }

    @Benchmark
    public byte[] open() throws CryptoException {
        return bob.openDirect(sealed, aliceKeys.publicKeys());
    }

    @Benchmark
    public byte[] sign() {
        return Ed25519.sign(signingPrivate, text);
    }

    @Benchmark
    public boolean verify() {
        return Ed25519.verify(signingPublic, text, signature);
    }

    @Benchmark
    public byte[] chunkEncrypt64KiB() {
        return Aead.seal(chunkKey, chunk, NO_AAD);
    }
}
