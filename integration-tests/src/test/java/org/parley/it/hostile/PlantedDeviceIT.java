package org.parley.it.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.parley.client.auth.AuthApiClient;
import org.parley.client.contacts.DeviceDirectory;
import org.parley.client.exceptions.UntrustedDeviceLogException;
import org.parley.client.session.ClientSession;
import org.parley.crypto.DeviceChain;
import org.parley.crypto.DeviceList;
import org.parley.crypto.IdentityKeyPair;
import org.parley.model.DeviceEntry;
import org.parley.model.Json;
import org.parley.model.PublicKeys;
import org.parley.testing.PlantedDeviceEntries;
import org.parley.testing.stack.Account;
import org.parley.testing.stack.LocalStack;
import org.parley.testing.stack.TestAccount;
import org.parley.testing.stack.TestClient;

/**
 * Issue #15, done-means 3: a device the server (or whoever writes to its database) adds to alice's
 * device log without her account key is refused by every client, hers and her contacts', with a
 * warning; the devices she added herself verify and are listed until then.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class PlantedDeviceIT {
    private static final SecureRandom RANDOM = new SecureRandom();

    @RegisterExtension static final LocalStack stack = LocalStack.perClass();
    @Account static TestAccount alice;
    @Account static TestAccount bob;

    private static PublicKeys deviceKeys() {
        return IdentityKeyPair.generate(RANDOM).publicKeys();
    }

    private static DeviceDirectory devicesOf(TestClient client) {
        return ((ClientSession) client.session).devices();
    }

    @Test
    void aDeviceEntryInsertedByHandIsRefusedByEveryClientWithAWarning() throws Exception {
        AuthApiClient api = TestAccount.api(stack.authUri());
        String alicesToken = alice.token(stack.authUri());
        try (TestClient alicesClient = stack.login(alice);
                TestClient bobsClient = stack.login(bob)) {
            assertThat(devicesOf(bobsClient).verifiedDevices("alice"))
                    .as("no device log yet: no devices")
                    .isEmpty();

            // Alice's client signs her log with her account key and appends it over HTTP.
            List<DeviceEntry> log = new ArrayList<>();
            log.add(DeviceChain.first(alice.identity(), "alice", "Desktop", deviceKeys(), 10));
            api.appendDevice(alicesToken, log.get(0));
            DeviceList one =
                    DeviceChain.verify(
                            "alice",
                            log,
                            alice.identity().signingPublic(),
                            DeviceChain.MAX_DEVICES);
            DeviceEntry laptop = DeviceChain.add(one, alice.identity(), "Laptop", deviceKeys(), 20);
            assertThat(api.appendDevice(alicesToken, laptop).head()).isEqualTo(laptop.hash());

            assertThat(devicesOf(bobsClient).verifiedDevices("alice").orElseThrow().devices())
                    .hasSize(2)
                    .hasEntrySatisfying(1, d -> assertThat(d.name()).isEqualTo("Desktop"))
                    .hasEntrySatisfying(2, d -> assertThat(d.name()).isEqualTo("Laptop"));
            assertThat(devicesOf(alicesClient).verifiedDevices("alice").orElseThrow().devices())
                    .containsOnlyKeys(1, 2);

            // Whoever writes to the table holds no account key: they sign with a key of their own.
            DeviceEntry planted = PlantedDeviceEntries.after(laptop, 3);
            try (Connection c = stack.stack.database().dataSource().getConnection();
                    PreparedStatement insert =
                            c.prepareStatement(
                                    "INSERT INTO device_log (username, seq, entry, hash)"
                                            + " VALUES (?, ?, ?, ?)")) {
                insert.setString(1, "alice");
                insert.setLong(2, 2);
                insert.setString(3, Json.write(planted));
                insert.setString(4, planted.hash());
                assertThat(insert.executeUpdate()).isEqualTo(1);
            }

            assertThatThrownBy(() -> devicesOf(bobsClient).verifiedDevices("alice"))
                    .isInstanceOfSatisfying(
                            UntrustedDeviceLogException.class,
                            e -> assertThat(e.user()).isEqualTo("alice"))
                    .hasMessage(
                            "alice's device list has an entry alice's account key did not sign"
                                    + " or that breaks its rules; Parley will not send to"
                                    + " alice's devices. (Device entry 2 is not signed by"
                                    + " alice's account key.)");
            assertThatThrownBy(() -> devicesOf(alicesClient).verifiedDevices("alice"))
                    .isInstanceOf(UntrustedDeviceLogException.class)
                    .hasMessageStartingWith(
                            "Your device list has an entry your account key did not sign");
        }
    }
}
