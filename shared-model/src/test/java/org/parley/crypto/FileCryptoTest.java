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

    private record Sealed(byte[] ct, byte[] digest) {}

    private Sealed encrypt(byte[] plain) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] digest =
                FileCrypto.encrypt(key, new ByteArrayInputStream(plain), plain.length, out, null);
        return new Sealed(out.toByteArray(), digest);
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
        byte[] a = encrypt(plain).ct();
        ByteArrayOutputStream other = new ByteArrayOutputStream();
        FileCrypto.encrypt(
                FileCrypto.newKey(), new ByteArrayInputStream(plain), plain.length, other, null);
        assertFalse(Arrays.equals(a, other.toByteArray()));
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
        byte[] plain = data(4 * 65536);
        Sealed s = encrypt(plain);
        byte[] swapped = swapChunks(s.ct(), 1, 2);
        CryptoException e =
                assertThrows(
                        CryptoException.class,
                        () -> decrypt(swapped, plain.length, sha256(swapped)));
        assertTrue(e.getMessage().contains("Chunk 1"), e.getMessage());
        assertThrows(CryptoException.class, () -> decrypt(swapped, plain.length, s.digest()));
    }

    @Test
    void aDroppedChunkIsRejectedWhateverSizeIsClaimed() throws Exception {
        byte[] plain = data(4 * 65536);
        Sealed s = encrypt(plain);
        byte[] dropped = dropChunk(s.ct(), 1);
        assertThrows(CryptoException.class, () -> decrypt(dropped, plain.length, sha256(dropped)));
        // Claiming one chunk less: chunk 1 is now at index 1 but was sealed as index 2.
        assertThrows(CryptoException.class, () -> decrypt(dropped, 3 * 65536, sha256(dropped)));
    }

    @Test
    void droppingTheLastChunkIsRejectedBecauseTheNewLastChunkWasNotSealedAsLast() throws Exception {
        byte[] plain = data(3 * 65536);
        Sealed s = encrypt(plain);
        byte[] truncated = Arrays.copyOf(s.ct(), 2 * CT_CHUNK);
        CryptoException e =
                assertThrows(
                        CryptoException.class,
                        () -> decrypt(truncated, 2 * 65536, sha256(truncated)));
        assertTrue(e.getMessage().contains("Chunk 1"), e.getMessage());
        assertThrows(CryptoException.class, () -> decrypt(truncated, plain.length, s.digest()));
    }

    @Test
    void aDuplicatedChunkIsRejected() throws Exception {
        byte[] plain = data(3 * 65536);
        Sealed s = encrypt(plain);
        byte[] dup = duplicateChunk(s.ct(), 0);
        assertThrows(CryptoException.class, () -> decrypt(dup, plain.length, sha256(dup)));
        assertThrows(CryptoException.class, () -> decrypt(dup, 4 * 65536, sha256(dup)));
    }

    @Test
    void aFlippedBitAnywhereIsRejected() throws Exception {
        byte[] plain = data(2 * 65536 + 100);
        Sealed s = encrypt(plain);
        for (int pos : new int[] {0, 65535, CT_CHUNK - 1, CT_CHUNK + 5, s.ct().length - 1}) {
            byte[] flipped = s.ct().clone();
            flipped[pos] ^= 0x01;
            assertThrows(
                    CryptoException.class,
                    () -> decrypt(flipped, plain.length, sha256(flipped)),
                    "bit at " + pos);
            assertThrows(
                    CryptoException.class,
                    () -> decrypt(flipped, plain.length, s.digest()),
                    "bit at " + pos);
        }
    }

    @Test
    void aWrongDigestIsRejectedAndSoIsAMissingOne() throws Exception {
        byte[] plain = data(1000);
        Sealed s = encrypt(plain);
        byte[] wrong = s.digest().clone();
        wrong[0] ^= 1;
        CryptoException e =
                assertThrows(CryptoException.class, () -> decrypt(s.ct(), plain.length, wrong));
        assertTrue(e.getMessage().contains("digest"), e.getMessage());
        assertThrows(CryptoException.class, () -> decrypt(s.ct(), plain.length, null));
        assertThrows(CryptoException.class, () -> decrypt(s.ct(), plain.length, new byte[5]));
    }

    @Test
    void trailingDataAndAWrongKeyAreRejected() throws Exception {
        byte[] plain = data(1000);
        Sealed s = encrypt(plain);
        byte[] longer = Arrays.copyOf(s.ct(), s.ct().length + 1);
        assertThrows(CryptoException.class, () -> decrypt(longer, plain.length, sha256(longer)));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThrows(
                CryptoException.class,
                () ->
                        FileCrypto.decrypt(
                                FileCrypto.newKey(),
                                new ByteArrayInputStream(s.ct()),
                                plain.length,
                                s.digest(),
                                out,
                                null));
    }

    @Test
    void chunksOfAnotherFileCannotBeSplicedIn() throws Exception {
        byte[] plain = data(2 * 65536);
        Sealed mine = encrypt(plain);
        ByteArrayOutputStream other = new ByteArrayOutputStream();
        FileCrypto.encrypt(
                FileCrypto.newKey(), new ByteArrayInputStream(plain), plain.length, other, null);
        byte[] spliced = mine.ct().clone();
        System.arraycopy(other.toByteArray(), CT_CHUNK, spliced, CT_CHUNK, CT_CHUNK);
        assertThrows(CryptoException.class, () -> decrypt(spliced, plain.length, sha256(spliced)));
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
        assertThrows(
                IOException.class,
                () ->
                        FileCrypto.encrypt(
                                key,
                                new ByteArrayInputStream(plain),
                                1001,
                                new ByteArrayOutputStream(),
                                null));
        assertThrows(
                IOException.class,
                () ->
                        FileCrypto.encrypt(
                                key,
                                new ByteArrayInputStream(plain),
                                999,
                                new ByteArrayOutputStream(),
                                null));
    }

    @Test
    void nonceAndAadBindTheIndexAndTheLastFlag() {
        assertFalse(Arrays.equals(FileCrypto.aad(1, false), FileCrypto.aad(1, true)));
        assertFalse(Arrays.equals(FileCrypto.aad(1, false), FileCrypto.aad(2, false)));
        assertEquals(12, FileCrypto.nonce(7).length);
        assertEquals(7, FileCrypto.nonce(7)[11]);
    }
}
