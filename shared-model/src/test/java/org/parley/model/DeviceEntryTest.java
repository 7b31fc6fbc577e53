package org.parley.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Known answers computed independently (Python), so the signed format cannot drift silently. */
class DeviceEntryTest {
    private static final byte[] SIGNING = range(1, 32);
    private static final byte[] AGREEMENT = range(33, 32);

    private static byte[] range(int from, int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (from + i);
        }
        return bytes;
    }

    private static final DeviceEntry ADD_LAPTOP =
            new DeviceEntry(
                    1,
                    "bob",
                    1,
                    "ab".repeat(32),
                    DeviceEntry.ADD,
                    2,
                    "Bob\u2019s laptop",
                    new PublicKeys(SIGNING, AGREEMENT),
                    1_700_000_000_000L,
                    null);

    @Test
    void theSigningInputOfAnAddIsTheDocumentedJoinWithNameAndKeysInBase64() {
        assertThat(new String(ADD_LAPTOP.signingInput(), StandardCharsets.UTF_8))
                .isEqualTo(
                        "parley/v1/device|1|bob|1|"
                                + "ab".repeat(32)
                                + "|add|2|Qm9i4oCZcyBsYXB0b3A="
                                + "|AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA="
                                + "|ISIjJCUmJygpKissLS4vMDEyMzQ1Njc4OTo7PD0+P0A="
                                + "|1700000000000");
    }

    @Test
    void theSigningInputOfARemoveLeavesNameAndKeysEmpty() {
        DeviceEntry remove =
                new DeviceEntry(
                        1,
                        "bob",
                        2,
                        "cd".repeat(32),
                        DeviceEntry.REMOVE,
                        2,
                        null,
                        null,
                        1_700_000_000_001L,
                        null);
        assertThat(new String(remove.signingInput(), StandardCharsets.UTF_8))
                .isEqualTo(
                        "parley/v1/device|1|bob|2|"
                                + "cd".repeat(32)
                                + "|remove|2||||1700000000001");
    }

    @Test
    void theHashCoversTheSigningInputAndTheSignature() {
        byte[] sig = new byte[64];
        Arrays.fill(sig, (byte) 7);
        assertThat(ADD_LAPTOP.withSig(sig).hash())
                .isEqualTo("20b50e56077abde3db31cb64d34244c525fdaf83d160c23f0e3b7dc14701f343");
    }

    @Test
    void toStringNamesTheChangeButNoKeys() {
        assertThat(ADD_LAPTOP.toString())
                .isEqualTo("DeviceEntry[bob#1 add device 2 'Bob\u2019s laptop']");
    }
}
