package org.parley.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.parley.crypto.primitives.CryptoException;

class FileCryptoTest {

    private static final int CT_CHUNK = FileCrypto.CHUNK_BYTES + 16;
    private final byte[] key = FileCrypto.newKey();

    private static byte[] data(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }

    /** A file of {@code size} bytes, encrypted: its ciphertext and the digest of it. */
    private record Sealed(byte[] ct, byte[] digest, long size) {}

    private Sealed encrypt(byte[] plain) throws IOException {
        return encrypt(key, plain);
    }

    private static Sealed encrypt(byte[] key, byte[] plain) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] digest =
                FileCrypto.encrypt(key, new ByteArrayInputStream(plain), plain.length, out, null);
        return new Sealed(out.toByteArray(), digest, plain.length);
    }

    private byte[] decrypt(byte[] ct, long size, byte[] digest)
            throws IOException, CryptoException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        FileCrypto.decrypt(key, new ByteArrayInputStream(ct), size, digest, out, null);
        return out.toByteArray();
    }

    private static byte[] sha256(byte[] b) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(b);
    }

    /** Decrypting {@code ct}, claiming {@code size} and {@code digest}, fails. */
    private CryptoException assertRejected(byte[] ct, long size, byte[] digest) {
        return assertThrows(CryptoException.class, () -> decrypt(ct, size, digest));
    }

    /**
     * Decrypting {@code ct} fails even with the digest of exactly these bytes: what a tamperer who
     * also swaps the digest in the message gets.
     */
    private CryptoException assertRejected(byte[] ct, long size) throws Exception {
        return assertRejected(ct, size, sha256(ct));
    }

    @Test
    void roundTripsFilesOfEveryShapeAndTheDigestCoversTheCiphertext() throws Exception {
        for (int size : new int[] {0, 1, 65535, 65536, 65537, 3 * 65536, 3 * 65536 + 17}) {
            byte[] plain = data(size);
            Sealed s = encrypt(plain);
            assertEquals(FileCrypto.ciphertextLength(size), s.ct().length, "length for " + size);
            assertArrayEquals(sha256(s.ct()), s.digest());
            assertArrayEquals(plain, decrypt(s.ct(), size, s.digest()), "round trip for " + size);
        }
        assertEquals(1, FileCrypto.chunkCount(0));
        assertEquals(2, FileCrypto.chunkCount(65537));
    }

    @Test
    void theSameFileUnderTwoKeysGivesUnrelatedCiphertexts() throws Exception {
        byte[] plain = data(1000);
        assertFalse(Arrays.equals(encrypt(plain).ct(), encrypt(FileCrypto.newKey(), plain).ct()));
    }

    private static byte[] swapChunks(byte[] ct, int i, int j) {
        byte[] out = ct.clone();
        System.arraycopy(ct, i * CT_CHUNK, out, j * CT_CHUNK, CT_CHUNK);
        System.arraycopy(ct, j * CT_CHUNK, out, i * CT_CHUNK, CT_CHUNK);
        return out;
    }

    private static byte[] dropChunk(byte[] ct, int i) {
        byte[] out = new byte[ct.length - CT_CHUNK];
        System.arraycopy(ct, 0, out, 0, i * CT_CHUNK);
        System.arraycopy(ct, (i + 1) * CT_CHUNK, out, i * CT_CHUNK, ct.length - (i + 1) * CT_CHUNK);
        return out;
    }

    private static byte[] duplicateChunk(byte[] ct, int i) {
        byte[] out = new byte[ct.length + CT_CHUNK];
        System.arraycopy(ct, 0, out, 0, (i + 1) * CT_CHUNK);
        System.arraycopy(ct, i * CT_CHUNK, out, (i + 1) * CT_CHUNK, ct.length - i * CT_CHUNK);
        return out;
    }

    @Test
    void aReorderedChunkIsRejectedEvenWithTheDigestOfTheReorderedStream() throws Exception {
        Sealed s = encrypt(data(4 * 65536));
        byte[] swapped = swapChunks(s.ct(), 1, 2);
        assertRejected(swapped, s.size(), s.digest());
        String message = assertRejected(swapped, s.size()).getMessage();
        assertTrue(message.contains("Chunk 1"), message);
    }

    /**
     * A file of {@code chunks} full chunks whose ciphertext is {@code edited} fails claiming its
     * own size and claiming the size of {@code claimedChunks} chunks.
     */
    private void assertEditedRejectedAtEitherSize(
            int chunks, UnaryOperator<byte[]> edited, int claimedChunks) throws Exception {
        Sealed s = encrypt(data(chunks * 65536));
        byte[] ct = edited.apply(s.ct());
        assertRejected(ct, s.size());
        assertRejected(ct, claimedChunks * 65536);
    }

    @Test
    void aDroppedChunkIsRejectedWhateverSizeIsClaimed() throws Exception {
        // Claiming one chunk less: chunk 1 is now at index 1 but was sealed as index 2.
        assertEditedRejectedAtEitherSize(4, ct -> dropChunk(ct, 1), 3);
    }

    @Test
    void droppingTheLastChunkIsRejectedBecauseTheNewLastChunkWasNotSealedAsLast() throws Exception {
        Sealed s = encrypt(data(3 * 65536));
        byte[] truncated = Arrays.copyOf(s.ct(), 2 * CT_CHUNK);
        String message = assertRejected(truncated, 2 * 65536).getMessage();
        assertTrue(message.contains("Chunk 1"), message);
        assertRejected(truncated, s.size(), s.digest());
    }

    @Test
    void aDuplicatedChunkIsRejected() throws Exception {
        assertEditedRejectedAtEitherSize(3, ct -> duplicateChunk(ct, 0), 4);
    }

    @Test
    void aFlippedBitAnywhereIsRejected() throws Exception {
        Sealed s = encrypt(data(2 * 65536 + 100));
        for (int pos : new int[] {0, 65535, CT_CHUNK - 1, CT_CHUNK + 5, s.ct().length - 1}) {
            byte[] flipped = s.ct().clone();
            flipped[pos] ^= 0x01;
            assertThrows(
                    CryptoException.class,
                    () -> decrypt(flipped, s.size(), sha256(flipped)),
                    "bit at " + pos);
            assertThrows(
                    CryptoException.class,
                    () -> decrypt(flipped, s.size(), s.digest()),
                    "bit at " + pos);
        }
    }

    @Test
    void aWrongDigestIsRejectedAndSoIsAMissingOne() throws Exception {
        Sealed s = encrypt(data(1000));
        byte[] wrong = s.digest().clone();
        wrong[0] ^= 1;
        String message = assertRejected(s.ct(), s.size(), wrong).getMessage();
        assertTrue(message.contains("digest"), message);
        assertRejected(s.ct(), s.size(), null);
        assertRejected(s.ct(), s.size(), new byte[5]);
    }

    @Test
    void trailingDataAndAWrongKeyAreRejected() throws Exception {
        Sealed s = encrypt(data(1000));
        assertRejected(Arrays.copyOf(s.ct(), s.ct().length + 1), s.size());
        assertThrows(
                CryptoException.class,
                () ->
                        FileCrypto.decrypt(
                                FileCrypto.newKey(),
                                new ByteArrayInputStream(s.ct()),
                                s.size(),
                                s.digest(),
                                new ByteArrayOutputStream(),
                                null));
    }

    @Test
    void chunksOfAnotherFileCannotBeSplicedIn() throws Exception {
        byte[] plain = data(2 * 65536);
        Sealed mine = encrypt(plain);
        Sealed other = encrypt(FileCrypto.newKey(), plain);
        byte[] spliced = mine.ct().clone();
        System.arraycopy(other.ct(), CT_CHUNK, spliced, CT_CHUNK, CT_CHUNK);
        assertRejected(spliced, mine.size());
    }

    @Test
    void digestChecksTheExactLength() throws Exception {
        byte[] ct = encrypt(data(100)).ct();
        assertArrayEquals(sha256(ct), FileCrypto.digest(new ByteArrayInputStream(ct), ct.length));
        assertThrows(
                CryptoException.class,
                () -> FileCrypto.digest(new ByteArrayInputStream(ct), ct.length + 1));
        assertThrows(
                CryptoException.class,
                () -> FileCrypto.digest(new ByteArrayInputStream(ct), ct.length - 1));
    }

    @Test
    void encryptNoticesAFileThatChangedSizeWhileBeingRead() {
        byte[] plain = data(1000);
        for (long claimed : new long[] {1001, 999}) {
            assertThrows(
                    IOException.class,
                    () ->
                            FileCrypto.encrypt(
                                    key,
                                    new ByteArrayInputStream(plain),
                                    claimed,
                                    new ByteArrayOutputStream(),
                                    null),
                    "claimed size " + claimed);
        }
    }

    @Test
    void nonceAndAadBindTheIndexAndTheLastFlag() {
        assertFalse(Arrays.equals(FileCrypto.aad(1, false), FileCrypto.aad(1, true)));
        assertFalse(Arrays.equals(FileCrypto.aad(1, false), FileCrypto.aad(2, false)));
        assertEquals(12, FileCrypto.nonce(7).length);
        assertEquals(7, FileCrypto.nonce(7)[11]);
    }
}
