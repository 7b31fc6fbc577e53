package org.parley.client.contacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.client.exceptions.UntrustedDeviceLogException;
import org.parley.client.store.ProfileStore;
import org.parley.client.testing.RecordingListener;
import org.parley.crypto.DeviceChain;
import org.parley.crypto.DeviceList;
import org.parley.crypto.IdentityKeyPair;
import org.parley.model.DeviceEntry;
import org.parley.model.PublicKeys;
import org.parley.testing.PlantedDeviceEntries;

/**
 * Bob's client believes a device log only as far as the account key it trusts signed it: alice's
 * pinned key, or bob's own identity key for his own log.
 */
class DeviceDirectoryTest {
    private static final SecureRandom RANDOM = new SecureRandom();

    @TempDir Path tmp;

    private final IdentityKeyPair alice = IdentityKeyPair.generate(RANDOM);
    private final IdentityKeyPair bob = IdentityKeyPair.generate(RANDOM);

    /** What the key directory serves; a test swaps alice's entry to play a substituted key. */
    private final Map<String, PublicKeys> keyDirectory = new HashMap<>();

    /** What the server serves as device logs. */
    private final Map<String, List<DeviceEntry>> logs = new HashMap<>();

    private ProfileStore store;
    private DeviceDirectory devices;

    @BeforeEach
    void open() {
        keyDirectory.put("alice", alice.publicKeys());
        keyDirectory.put("bob", bob.publicKeys());
        store = ProfileStore.open(tmp.resolve("bob"), new byte[32], "bob", Clock.systemUTC());
        ContactService contacts =
                new ContactService(
                        "bob",
                        bob.publicKeys(),
                        store,
                        keyDirectory::get,
                        Clock.systemUTC(),
                        new RecordingListener());
        devices =
                new DeviceDirectory(
                        "bob",
                        bob.publicKeys(),
                        contacts,
                        user -> logs.getOrDefault(user, List.of()));
    }

    @AfterEach
    void close() {
        store.close();
    }

    private static PublicKeys deviceKeys() {
        return IdentityKeyPair.generate(RANDOM).publicKeys();
    }

    /** A two-device log of {@code user}, signed by {@code account}. */
    private static List<DeviceEntry> twoDevices(String user, IdentityKeyPair account)
            throws Exception {
        List<DeviceEntry> log = new ArrayList<>();
        log.add(DeviceChain.first(account, user, "Desktop", deviceKeys(), 10));
        DeviceList one = DeviceChain.verify(user, log, account.signingPublic(), 5);
        log.add(DeviceChain.add(one, account, "Laptop", deviceKeys(), 20));
        return log;
    }

    @Test
    void aContactsLogSignedByTheirPinnedKeyListsTheirDevices() throws Exception {
        logs.put("alice", twoDevices("alice", alice));

        Optional<DeviceList> list = devices.verifiedDevices("alice");

        assertThat(list).isPresent();
        assertThat(list.get().devices().values())
                .extracting(DeviceList.Device::name)
                .containsExactly("Desktop", "Laptop");
    }

    @Test
    void ownLogIsVerifiedWithOwnIdentityKey() throws Exception {
        logs.put("bob", twoDevices("bob", bob));
        keyDirectory.remove("bob"); // never asked: bob trusts his own key

        assertThat(devices.verifiedDevices("bob").orElseThrow().devices()).containsOnlyKeys(1, 2);
    }

    @Test
    void anAccountWithoutALogHasNoVerifiedDevices() {
        assertThat(devices.verifiedDevices("alice")).isEmpty();
    }

    /** Serves {@code user}'s two devices followed by an entry someone else signed. */
    private void servePlantedLog(String user, IdentityKeyPair account) throws Exception {
        List<DeviceEntry> log = new ArrayList<>(twoDevices(user, account));
        log.add(PlantedDeviceEntries.after(log.get(log.size() - 1), 3));
        logs.put(user, log);
    }

    @Test
    void anEntryTheAccountKeyDidNotSignRefusesTheWholeLogWithAWarning() throws Exception {
        servePlantedLog("alice", alice);

        assertThatThrownBy(() -> devices.verifiedDevices("alice"))
                .isInstanceOfSatisfying(
                        UntrustedDeviceLogException.class,
                        e -> assertThat(e.user()).isEqualTo("alice"))
                .hasMessage(
                        "alice's device list has an entry alice's account key did not sign or"
                                + " that breaks its rules; Parley will not send to alice's"
                                + " devices. (Device entry 2 is not signed by alice's account"
                                + " key.)");
    }

    @Test
    void ownLogWithAPlantedEntryWarnsAboutYourDevices() throws Exception {
        servePlantedLog("bob", bob);

        assertThatThrownBy(() -> devices.verifiedDevices("bob"))
                .isInstanceOf(UntrustedDeviceLogException.class)
                .hasMessageStartingWith(
                        "Your device list has an entry your account key did not sign");
    }

    @Test
    void aLogSignedByAKeyOtherThanThePinnedOneIsRefused() throws Exception {
        logs.put("alice", twoDevices("alice", alice));
        devices.verifiedDevices("alice"); // pins alice's key

        // The server now serves another key for alice and a log signed by it.
        IdentityKeyPair substitute = IdentityKeyPair.generate(RANDOM);
        keyDirectory.put("alice", substitute.publicKeys());
        logs.put("alice", twoDevices("alice", substitute));

        assertThatThrownBy(() -> devices.verifiedDevices("alice"))
                .isInstanceOf(UntrustedDeviceLogException.class)
                .hasMessageContaining("Device entry 0 is not signed by alice's account key.");
    }
}
