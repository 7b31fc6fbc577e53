package org.parley.auth.devices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.parley.auth.ApiClient;
import org.parley.auth.RunningAuthServer;
import org.parley.auth.TestDevice;
import org.parley.auth.accounts.JdbcAccountStore;
import org.parley.auth.http.ApiException;
import org.parley.crypto.DeviceChain;
import org.parley.crypto.DeviceList;
import org.parley.crypto.IdentityKeyPair;
import org.parley.crypto.primitives.CryptoException;
import org.parley.model.DeviceChangeRequest;
import org.parley.model.DeviceEntry;
import org.parley.model.DeviceLogHead;
import org.parley.model.DeviceLogResponse;
import org.parley.model.Json;
import org.parley.model.PublicKeys;
import org.parley.testing.PlantedDeviceEntries;
import org.parley.testing.SignupRequests;

/**
 * The device log endpoints over real HTTP on a real database: the server stores only entries the
 * account key signed, in order, within its device limit, and serves the log as stored, so that a
 * row it did not get that way fails every reader's verification.
 */
class DeviceRoutesIT {

    private static final int MAX = DeviceChain.DEFAULT_MAX_DEVICES;

    @RegisterExtension static final RunningAuthServer auth = RunningAuthServer.withDefaults();

    static ApiClient api;
    static Account bob;

    /** A signed-up account: its identity keys (what signs its device log) and a session. */
    record Account(String username, IdentityKeyPair identity, String bearer) {}

    @BeforeAll
    static void start() {
        api = auth.api();
        bob = account("bob");
    }

    static Account account(String username) {
        byte[] authKey = TestDevice.random(32);
        IdentityKeyPair identity = IdentityKeyPair.generate(TestDevice.RANDOM);
        ApiClient.Reply reply =
                api.post(
                        "/api/v1/signup",
                        TestDevice.prove(
                                api, SignupRequests.cheap(username, authKey, identity), identity));
        assertThat(reply.status()).as("signup of %s: %s", username, reply).isEqualTo(201);
        return new Account(
                username,
                identity,
                "Bearer " + TestDevice.loginWithKey(api, username, authKey).token());
    }

    private static PublicKeys deviceKeys() {
        return IdentityKeyPair.generate(TestDevice.RANDOM).publicKeys();
    }

    private static ApiClient.Reply append(Account as, DeviceEntry entry) {
        return api.post(
                DeviceRoutes.DEVICES, Json.write(new DeviceChangeRequest(entry)), as.bearer());
    }

    private static DeviceEntry appended(Account as, DeviceEntry entry) {
        ApiClient.Reply reply = append(as, entry);
        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        assertThat(reply.as(DeviceLogHead.class))
                .isEqualTo(new DeviceLogHead(as.username(), entry.seq(), entry.hash()));
        return entry;
    }

    private static List<DeviceEntry> served(String username) {
        ApiClient.Reply reply =
                api.get(DeviceRoutes.USER_DEVICES.replace("{name}", username), bob.bearer());
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        DeviceLogResponse response = reply.as(DeviceLogResponse.class);
        assertThat(response.username()).isEqualTo(username);
        return response.log();
    }

    private static DeviceList verified(Account account) throws CryptoException {
        return DeviceChain.verify(
                account.username(),
                served(account.username()),
                account.identity().signingPublic(),
                MAX);
    }

    private static List<String> hashes(List<DeviceEntry> log) {
        return log.stream().map(DeviceEntry::hash).toList();
    }

    private static DeviceEntry first(Account account) throws CryptoException {
        return DeviceChain.first(
                account.identity(), account.username(), "Desktop", deviceKeys(), 10);
    }

    @Test
    void anOwnerAddsRenamesAndRemovesDevicesAndAnyUserReadsTheLogBackVerified() throws Exception {
        Account alice = account("alice");
        assertThat(served("alice")).as("no device log yet").isEmpty();

        List<DeviceEntry> log = new ArrayList<>();
        log.add(appended(alice, first(alice)));
        log.add(
                appended(
                        alice,
                        DeviceChain.add(
                                verified(alice), alice.identity(), "Laptop", deviceKeys(), 20)));
        log.add(
                appended(
                        alice,
                        DeviceChain.rename(
                                verified(alice), alice.identity(), 2, "Work laptop", 30)));
        log.add(appended(alice, DeviceChain.remove(verified(alice), alice.identity(), 1, 40)));

        assertThat(hashes(served("alice"))).isEqualTo(hashes(log));
        DeviceList devices = verified(alice);
        assertThat(devices.seq()).isEqualTo(3);
        assertThat(devices.devices().keySet()).containsExactly(2);
        assertThat(devices.device(2).name()).isEqualTo("Work laptop");
        assertThat(
                        api.get(DeviceRoutes.USER_DEVICES.replace("{name}", "Alice"), bob.bearer())
                                .as(DeviceLogResponse.class)
                                .username())
                .as("the canonical name")
                .isEqualTo("alice");
    }

    @Test
    void readingALogNeedsASessionAndAnExistingAccount() {
        ApiClient.Reply unknown =
                api.get(DeviceRoutes.USER_DEVICES.replace("{name}", "nobody"), bob.bearer());
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.error()).isEqualTo("unknown_user");
        assertThat(
                        api.get(
                                        DeviceRoutes.USER_DEVICES.replace("{name}", "no%20such"),
                                        bob.bearer())
                                .error())
                .isEqualTo("unknown_user");
        assertThat(api.get(DeviceRoutes.USER_DEVICES.replace("{name}", "bob"), null).status())
                .isEqualTo(401);
    }

    @Test
    void nobodyAppendsToAnotherAccountsLog() throws Exception {
        Account carol = account("carol");
        ApiClient.Reply reply = append(bob, first(carol));
        assertThat(reply.status()).as(reply.toString()).isEqualTo(403);
        assertThat(reply.error()).isEqualTo("not_your_entry");
        assertThat(served("carol")).isEmpty();
    }

    @Test
    void anEntryTheAccountKeyDidNotSignIsRefusedAndNotStored() throws Exception {
        Account dave = account("dave");
        IdentityKeyPair deviceKey = IdentityKeyPair.generate(TestDevice.RANDOM);
        DeviceEntry byDevice = DeviceChain.first(deviceKey, "dave", "Desktop", deviceKeys(), 10);
        ApiClient.Reply reply = append(dave, byDevice);
        assertThat(reply.status()).as(reply.toString()).isEqualTo(400);
        assertThat(reply.error()).isEqualTo("invalid_device_change");
        assertThat(reply.json().get("message").getAsString())
                .isEqualTo("Device entry 0 is not signed by dave's account key.");

        DeviceEntry signed = first(dave);
        DeviceEntry cut = signed.withSig(Arrays.copyOf(signed.sig(), 32));
        assertThat(append(dave, cut).error()).isEqualTo("invalid_device_change");
        ApiClient.Reply unsigned =
                api.post(
                        DeviceRoutes.DEVICES,
                        Json.write(new DeviceChangeRequest(signed))
                                .replaceAll(",\"sig\":\"[^\"]*\"", ""),
                        dave.bearer());
        assertThat(unsigned.status()).as(unsigned.toString()).isEqualTo(400);
        assertThat(unsigned.error()).isEqualTo("invalid_request");

        assertThat(served("dave")).isEmpty();
        appended(dave, signed);
        assertThat(served("dave")).hasSize(1);
    }

    @Test
    void anEntryForASeqAnotherDeviceTookIsStaleAndNotStored() throws Exception {
        Account erin = account("erin");
        appended(erin, first(erin));
        DeviceList seen = verified(erin);
        DeviceEntry laptop =
                appended(erin, DeviceChain.add(seen, erin.identity(), "Laptop", deviceKeys(), 20));

        // A second device signed its change against the log before the laptop was added.
        ApiClient.Reply fork =
                append(erin, DeviceChain.add(seen, erin.identity(), "Phone", deviceKeys(), 21));
        assertThat(fork.status()).as(fork.toString()).isEqualTo(409);
        assertThat(fork.error()).isEqualTo("stale_log");
        ApiClient.Reply replay = append(erin, laptop);
        assertThat(replay.status()).isEqualTo(409);
        assertThat(replay.error()).isEqualTo("stale_log");

        assertThat(hashes(served("erin"))).endsWith(laptop.hash()).hasSize(2);
        assertThat(verified(erin).devices().keySet()).containsExactly(1, 2);
    }

    @Test
    void aDeviceBeyondTheServersLimitIsRefusedUntilOneIsRemoved() throws Exception {
        Account frank = account("frank");
        appended(frank, first(frank));
        for (int i = 2; i <= MAX; i++) {
            appended(
                    frank,
                    DeviceChain.add(
                            verified(frank),
                            frank.identity(),
                            "Device " + i,
                            deviceKeys(),
                            10 + i));
        }
        ApiClient.Reply sixth =
                append(
                        frank,
                        DeviceChain.add(
                                verified(frank), frank.identity(), "Sixth", deviceKeys(), 100));
        assertThat(sixth.status()).as(sixth.toString()).isEqualTo(409);
        assertThat(sixth.error()).isEqualTo("device_limit");
        assertThat(served("frank")).hasSize(MAX);

        appended(frank, DeviceChain.remove(verified(frank), frank.identity(), 3, 101));
        appended(
                frank,
                DeviceChain.add(verified(frank), frank.identity(), "Sixth", deviceKeys(), 102));
        assertThat(verified(frank).devices().keySet()).containsExactly(1, 2, 4, 5, 6);
    }

    @Test
    void aRowInsertedByHandIsServedAsStoredAndFailsEveryReadersVerification() throws Exception {
        Account grace = account("grace");
        DeviceEntry desktop = appended(grace, first(grace));
        // Whoever writes to the table holds no account key: they sign with a key of their own.
        DeviceEntry planted = PlantedDeviceEntries.after(desktop, 2);
        try (Connection c = auth.database().dataSource().getConnection();
                PreparedStatement s =
                        c.prepareStatement(
                                "INSERT INTO device_log (username, seq, entry, hash) VALUES (?, ?, ?, ?)")) {
            s.setString(1, "grace");
            s.setLong(2, 1);
            s.setString(3, Json.write(planted));
            s.setString(4, planted.hash());
            s.executeUpdate();
        }

        assertThat(hashes(served("grace"))).containsExactly(desktop.hash(), planted.hash());
        assertThatThrownBy(() -> verified(grace))
                .isInstanceOf(CryptoException.class)
                .hasMessage("Device entry 1 is not signed by grace's account key.");

        ApiClient.Reply next =
                append(
                        grace,
                        DeviceChain.rename(
                                DeviceChain.verify(
                                        "grace",
                                        List.of(desktop),
                                        grace.identity().signingPublic(),
                                        MAX),
                                grace.identity(),
                                1,
                                "Home",
                                30));
        assertThat(next.status()).as("the server does not build on it either").isEqualTo(409);
        assertThat(next.error()).isEqualTo("device_log_corrupt");
    }

    @Test
    void aMalformedBodyIsABadRequestWithAJsonBody() {
        for (String body :
                new String[] {
                    "{\"entry\":",
                    "not json",
                    "{\"entry\":{\"seq\":\"x\"}}",
                    "{}",
                    "{\"entry\":null}"
                }) {
            ApiClient.Reply reply = api.post(DeviceRoutes.DEVICES, body, bob.bearer());
            assertThat(reply.status()).as(body + " -> " + reply).isEqualTo(400);
        }
        assertThat(api.post(DeviceRoutes.DEVICES, "{}", null).status()).isEqualTo(401);
    }

    @Test
    void aLogAtItsEntryLimitTakesNoMoreChangesAndKeepsWhatItHas() throws Exception {
        Account henry = account("henry");
        DeviceService small =
                new DeviceService(
                        new JdbcDeviceStore(auth.database().dataSource()),
                        new JdbcAccountStore(auth.database().dataSource()),
                        MAX,
                        3);
        DeviceEntry entry = first(henry);
        DeviceList state = null;
        for (int i = 0; i < 3; i++) {
            small.append("henry", new DeviceChangeRequest(entry));
            state = DeviceChain.apply(state, entry, henry.identity().signingPublic(), MAX);
            entry = DeviceChain.rename(state, henry.identity(), 1, "Desktop " + i, 20 + i);
        }
        DeviceEntry fourth = entry;

        assertThatThrownBy(() -> small.append("henry", new DeviceChangeRequest(fourth)))
                .isInstanceOfSatisfying(
                        ApiException.class,
                        e -> {
                            assertThat(e.status()).isEqualTo(409);
                            assertThat(e.error()).isEqualTo("device_log_full");
                        });
        assertThat(served("henry")).hasSize(3);
        assertThat(verified(henry).devices().get(1).name()).isEqualTo("Desktop 1");
    }
}
