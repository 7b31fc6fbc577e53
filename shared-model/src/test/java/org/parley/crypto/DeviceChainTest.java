package org.parley.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.parley.crypto.primitives.CryptoException;
import org.parley.model.DeviceEntry;
import org.parley.model.Json;
import org.parley.model.PublicKeys;

class DeviceChainTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int MAX = DeviceChain.DEFAULT_MAX_DEVICES;

    private final IdentityKeyPair account = IdentityKeyPair.generate(RANDOM);
    private final byte[] accountKey = account.signingPublic();
    private final IdentityKeyPair desktop = IdentityKeyPair.generate(RANDOM);
    private final IdentityKeyPair laptop = IdentityKeyPair.generate(RANDOM);

    private static PublicKeys newDeviceKeys() {
        return IdentityKeyPair.generate(RANDOM).publicKeys();
    }

    /** add desktop (1), add laptop (2), rename 2, remove 1. */
    private List<DeviceEntry> addAddRenameRemove() throws CryptoException {
        List<DeviceEntry> log = new ArrayList<>();
        log.add(DeviceChain.first(account, "bob", " Desktop ", desktop.publicKeys(), 10));
        log.add(DeviceChain.add(verified(log), account, "Laptop", laptop.publicKeys(), 20));
        log.add(DeviceChain.rename(verified(log), account, 2, "Work laptop", 30));
        log.add(DeviceChain.remove(verified(log), account, 1, 40));
        return log;
    }

    private DeviceList verified(List<DeviceEntry> log) throws CryptoException {
        return DeviceChain.verify("bob", log, accountKey, MAX);
    }

    /** The log's entries signed by the account, with the last replaced by {@code last}. */
    private static List<DeviceEntry> withLast(List<DeviceEntry> log, DeviceEntry last) {
        List<DeviceEntry> copy = new ArrayList<>(log);
        copy.set(copy.size() - 1, last);
        return copy;
    }

    private DeviceEntry signedByAccount(DeviceEntry unsigned) {
        return unsigned.withSig(account.sign(unsigned.signingInput()));
    }

    @Test
    void aLogOfAddAddRenameRemoveVerifiesToTheDevicesItRecords() throws CryptoException {
        List<DeviceEntry> log = addAddRenameRemove();
        DeviceList list = verified(log);
        assertThat(list.user()).isEqualTo("bob");
        assertThat(list.seq()).isEqualTo(3);
        assertThat(list.head()).isEqualTo(log.get(3).hash());
        assertThat(list.devices()).containsOnlyKeys(2);
        DeviceList.Device laptopDevice = list.device(2);
        assertThat(laptopDevice).isNotNull();
        assertThat(laptopDevice.name()).isEqualTo("Work laptop");
        assertThat(laptopDevice.keys()).isEqualTo(laptop.publicKeys());
        assertThat(laptopDevice.addedAt()).isEqualTo(20);
        assertThat(list.usedIds()).containsExactly(1, 2);
        assertThat(list.nextId()).isEqualTo(3);
        assertThat(log.get(0).name()).isEqualTo("Desktop");
    }

    /** A field of the JSON wire form and a value other than the signed one. */
    static Stream<Arguments> tamperings() {
        return Stream.of(
                Arguments.of("v", new JsonPrimitive(2)),
                Arguments.of("user", new JsonPrimitive("mallory")),
                Arguments.of("seq", new JsonPrimitive(2)),
                Arguments.of("prev", new JsonPrimitive("00".repeat(32))),
                Arguments.of("action", new JsonPrimitive(DeviceEntry.RENAME)),
                Arguments.of("device", new JsonPrimitive(3)),
                Arguments.of("name", new JsonPrimitive("Mallory's phone")),
                Arguments.of("keys", Json.gson().toJsonTree(newDeviceKeys())),
                Arguments.of("ts", new JsonPrimitive(21)),
                Arguments.of("sig", Json.gson().toJsonTree(new byte[64])));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tamperings")
    void anyFieldChangedAfterSigningIsRefused(String field, JsonElement value)
            throws CryptoException {
        List<DeviceEntry> log = new ArrayList<>(addAddRenameRemove().subList(0, 2));
        JsonObject wire = Json.gson().toJsonTree(log.get(1)).getAsJsonObject();
        assertThat(wire.get(field)).isNotEqualTo(value);
        wire.add(field, value);
        log.set(1, Json.gson().fromJson(wire, DeviceEntry.class));
        assertThatThrownBy(() -> verified(log))
                .isInstanceOf(CryptoException.class)
                .hasMessageStartingWith("Device entry 1 ");
    }

    /**
     * The laptop (a device, not the account) signing an entry of its own, and the server inserting
     * one without any signature: both are refused by the same rule.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"signed by a device key", "not signed at all"})
    void anEntryNotSignedByTheAccountKeyIsRefused(String how) throws CryptoException {
        List<DeviceEntry> log = addAddRenameRemove();
        DeviceList list = verified(log);
        DeviceEntry planted =
                DeviceChain.next(list, DeviceEntry.ADD, 3, "Phone", newDeviceKeys(), 50);
        if (how.equals("signed by a device key")) {
            planted = planted.withSig(laptop.sign(planted.signingInput()));
        }
        log.add(planted);
        assertThatThrownBy(() -> verified(log))
                .isInstanceOf(CryptoException.class)
                .hasMessage("Device entry 4 is not signed by bob's account key.");
    }

    @Test
    void anEntryMadeWithAnotherAccountsKeyIsRefused() throws CryptoException {
        IdentityKeyPair other = IdentityKeyPair.generate(RANDOM);
        List<DeviceEntry> log =
                List.of(DeviceChain.first(other, "bob", "Desktop", desktop.publicKeys(), 10));
        assertThatThrownBy(() -> verified(log))
                .hasMessage("Device entry 0 is not signed by bob's account key.");
    }

    @Test
    void aReplayedOldEntryIsRefused() throws CryptoException {
        List<DeviceEntry> log = addAddRenameRemove();
        log.add(log.get(1));
        assertThatThrownBy(() -> verified(log)).hasMessageContaining("Device entry 4 has seq 1");
    }

    @Test
    void anEntryThatSkipsASeqIsRefused() throws CryptoException {
        List<DeviceEntry> log = addAddRenameRemove();
        log.remove(2);
        assertThatThrownBy(() -> verified(log)).hasMessageContaining("Device entry 2 has seq 3");
    }

    @Test
    void aForkOfTwoEntriesWithTheSameSeqAndPrevIsRefused() throws CryptoException {
        List<DeviceEntry> log = addAddRenameRemove();
        DeviceList afterRename = verified(log.subList(0, 3));
        // A second, validly signed entry 3 on the same prev: the log can hold only one of them.
        DeviceEntry otherThird = DeviceChain.rename(afterRename, account, 1, "Old desktop", 40);
        log.add(otherThird);
        assertThatThrownBy(() -> verified(log)).hasMessageContaining("Device entry 4 has seq 3");
        DeviceList fourth = verified(log.subList(0, 4));
        assertThatThrownBy(() -> DeviceChain.apply(fourth, otherThird, accountKey, MAX))
                .isInstanceOf(CryptoException.class);
    }

    @Test
    void anEntryWhosePrevIsNotTheHeadIsRefused() throws CryptoException {
        List<DeviceEntry> log = addAddRenameRemove();
        DeviceEntry last = log.get(3);
        log.set(
                3,
                signedByAccount(
                        new DeviceEntry(
                                1,
                                "bob",
                                3,
                                log.get(1).hash(),
                                DeviceEntry.REMOVE,
                                1,
                                null,
                                null,
                                40,
                                null)));
        assertThat(last.prev()).isNotEqualTo(log.get(3).prev());
        assertThatThrownBy(() -> verified(log))
                .hasMessage(
                        "Device entry 3 does not name the hash of the entry before it: bob's device log forks or was rewritten.");
    }

    @Test
    void aRemovedIdIsNeverGivenOutAgainAndAnAddReusingItIsRefused() throws CryptoException {
        List<DeviceEntry> log = addAddRenameRemove();
        DeviceList list = verified(log);
        DeviceEntry phone = DeviceChain.add(list, account, "Phone", newDeviceKeys(), 50);
        assertThat(phone.device()).isEqualTo(3);
        DeviceEntry reuse =
                signedByAccount(
                        DeviceChain.next(
                                list, DeviceEntry.ADD, 1, "Desktop again", newDeviceKeys(), 50));
        assertThatThrownBy(() -> DeviceChain.apply(list, reuse, accountKey, MAX))
                .hasMessage(
                        "Device entry 4 adds device 1, an id used before; ids are never reused.");
    }

    @Test
    void anAddThatSkipsTheNextIdIsRefused() throws CryptoException {
        DeviceList list = verified(addAddRenameRemove());
        DeviceEntry skip =
                signedByAccount(
                        DeviceChain.next(list, DeviceEntry.ADD, 9, "Phone", newDeviceKeys(), 50));
        assertThatThrownBy(() -> DeviceChain.apply(list, skip, accountKey, MAX))
                .hasMessage("Device entry 4 adds device 9; the next id is 3.");
    }

    @Test
    void theSixthDeviceIsRefusedAtAMaximumOfFive() throws CryptoException {
        List<DeviceEntry> log = new ArrayList<>();
        log.add(DeviceChain.first(account, "bob", "Device 1", newDeviceKeys(), 1));
        for (int i = 2; i <= 6; i++) {
            log.add(
                    DeviceChain.add(
                            DeviceChain.verify("bob", log, accountKey, DeviceChain.MAX_DEVICES),
                            account,
                            "Device " + i,
                            newDeviceKeys(),
                            i));
        }
        assertThat(verified(log.subList(0, 5)).devices()).hasSize(5);
        assertThatThrownBy(() -> verified(log))
                .hasMessage(
                        "Device entry 5 adds a device beyond the limit of 5; remove one first.");
    }

    @Test
    void renamingOrRemovingAnUnknownDeviceIsRefused() throws CryptoException {
        DeviceList list = verified(addAddRenameRemove());
        assertThatThrownBy(() -> DeviceChain.rename(list, account, 1, "Desktop", 50))
                .hasMessage("Device entry 4 names device 1, which is not listed.");
        assertThatThrownBy(() -> DeviceChain.remove(list, account, 7, 50))
                .hasMessage("Device entry 4 names device 7, which is not listed.");
    }

    @Test
    void aFirstEntryThatIsNotAnAddOfDevice1IsRefused() {
        DeviceEntry addOf2 =
                signedByAccount(
                        new DeviceEntry(
                                1,
                                "bob",
                                0,
                                "",
                                DeviceEntry.ADD,
                                2,
                                "Desktop",
                                desktop.publicKeys(),
                                1,
                                null));
        DeviceEntry rename =
                signedByAccount(
                        new DeviceEntry(
                                1, "bob", 0, "", DeviceEntry.RENAME, 1, "Desktop", null, 1, null));
        for (DeviceEntry first : List.of(addOf2, rename)) {
            assertThatThrownBy(() -> verified(List.of(first)))
                    .hasMessage("Device entry 0 must add device 1, the account's first device.");
        }
    }

    @Test
    void aLogOfAnotherUserIsRefused() throws CryptoException {
        List<DeviceEntry> log =
                List.of(DeviceChain.first(account, "alice", "Desktop", desktop.publicKeys(), 1));
        assertThatThrownBy(() -> verified(log))
                .hasMessage("Device entry 0 belongs to alice, not bob.");
    }

    @Test
    void anEmptyLogIsRefused() {
        assertThatThrownBy(() -> verified(List.of())).hasMessage("bob's device log is empty.");
    }

    @Test
    void anEntryDatedBeforeTheOneItFollowsIsRefused() throws CryptoException {
        DeviceList list = verified(addAddRenameRemove());
        assertThatThrownBy(() -> DeviceChain.rename(list, account, 2, "Laptop", 39))
                .hasMessage("Device entry 4 is dated before the entry it follows.");
    }

    @Test
    void badNamesAndKeysAreRefused() throws CryptoException {
        DeviceList list = verified(addAddRenameRemove());
        assertThatThrownBy(() -> DeviceChain.rename(list, account, 2, " ", 50))
                .hasMessageContaining("needs a device name of 1 to 64 characters");
        assertThatThrownBy(() -> DeviceChain.rename(list, account, 2, "x".repeat(65), 50))
                .hasMessageContaining("needs a device name");
        assertThatThrownBy(() -> DeviceChain.rename(list, account, 2, "a\u0000b", 50))
                .hasMessageContaining("needs a device name");
        assertThatThrownBy(
                        () ->
                                DeviceChain.add(
                                        list,
                                        account,
                                        "Phone",
                                        new PublicKeys(new byte[31], new byte[32]),
                                        50))
                .hasMessageStartingWith("Device entry 4 adds a device with bad keys");
        DeviceEntry noKeys =
                signedByAccount(DeviceChain.next(list, DeviceEntry.ADD, 3, "Phone", null, 50));
        assertThatThrownBy(() -> DeviceChain.apply(list, noKeys, accountKey, MAX))
                .hasMessage("Device entry 4 adds a device without its keys.");
        DeviceEntry unknown = signedByAccount(DeviceChain.next(list, "wipe", 2, null, null, 50));
        assertThatThrownBy(() -> DeviceChain.apply(list, unknown, accountKey, MAX))
                .hasMessage("Device entry 4 has an unknown action 'wipe'.");
    }

    @Test
    void aLimitOutsideTheProtocolsRangeIsAProgrammingError() {
        assertThatThrownBy(
                        () ->
                                DeviceChain.verify(
                                        "bob",
                                        addAddRenameRemove(),
                                        accountKey,
                                        DeviceChain.MAX_DEVICES + 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aJsonRoundTripKeepsEverySignatureValid() throws CryptoException {
        List<DeviceEntry> log = addAddRenameRemove();
        List<DeviceEntry> parsed = new ArrayList<>();
        for (DeviceEntry e : log) {
            parsed.add(Json.parse(Json.write(e), DeviceEntry.class));
        }
        DeviceList list = verified(parsed);
        assertThat(list.head()).isEqualTo(verified(log).head());
        assertThat(list.device(2).keys()).isEqualTo(laptop.publicKeys());
        assertThat(Json.write(log.get(3))).doesNotContain("\"name\"").doesNotContain("\"keys\"");
    }
}
