package org.parley.testing;

import java.security.SecureRandom;
import org.parley.crypto.IdentityKeyPair;
import org.parley.crypto.primitives.Ed25519;
import org.parley.model.DeviceEntry;
import org.parley.model.ProtocolVersion;

/**
 * Device-log entries as someone without the account key would write them straight into the server's
 * table (issue #15, done-means 3): well formed and chained, but signed by a key of their own. Every
 * reader must refuse them.
 */
public final class PlantedDeviceEntries {

    private static final SecureRandom RANDOM = new SecureRandom();

    private PlantedDeviceEntries() {}

    /** An {@code add} of {@code device}, named "Listener", that follows {@code last}. */
    public static DeviceEntry after(DeviceEntry last, int device) {
        DeviceEntry unsigned =
                new DeviceEntry(
                        ProtocolVersion.CURRENT,
                        last.user(),
                        last.seq() + 1,
                        last.hash(),
                        DeviceEntry.ADD,
                        device,
                        "Listener",
                        IdentityKeyPair.generate(RANDOM).publicKeys(),
                        last.ts() + 10,
                        null);
        IdentityKeyPair intruder = IdentityKeyPair.generate(RANDOM);
        return unsigned.withSig(Ed25519.sign(intruder.signingPrivate(), unsigned.signingInput()));
    }
}
