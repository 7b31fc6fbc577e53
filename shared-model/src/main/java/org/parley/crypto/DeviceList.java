package org.parley.crypto;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.parley.model.DeviceEntry;
import org.parley.model.PublicKeys;

/**
 * An account's devices as proven by a verified device log: the state after the newest entry, and
 * every device id the log ever used (ids are never given out twice, so an old device's messages and
 * keys can never be mistaken for a new one's). Immutable; built only by {@link DeviceChain}.
 */
public final class DeviceList {

    /** A current device of the account. */
    public record Device(int id, String name, PublicKeys keys, long addedAt) {}

    private final String user;
    private final long seq;
    private final String head;
    private final long lastTs;
    private final SortedMap<Integer, Device> devices;
    private final SortedSet<Integer> usedIds;

    private DeviceList(
            String user,
            long seq,
            String head,
            long lastTs,
            SortedMap<Integer, Device> devices,
            SortedSet<Integer> usedIds) {
        this.user = user;
        this.seq = seq;
        this.head = head;
        this.lastTs = lastTs;
        this.devices = Collections.unmodifiableSortedMap(devices);
        this.usedIds = Collections.unmodifiableSortedSet(usedIds);
    }

    /** The list after {@code e}, which {@link DeviceChain} has checked against {@code before}. */
    static DeviceList after(@Nullable DeviceList before, DeviceEntry e) {
        TreeMap<Integer, Device> devices =
                before == null ? new TreeMap<>() : new TreeMap<>(before.devices);
        TreeSet<Integer> used = before == null ? new TreeSet<>() : new TreeSet<>(before.usedIds);
        switch (e.action()) {
            case DeviceEntry.ADD -> {
                devices.put(
                        e.device(),
                        new Device(
                                e.device(),
                                checkedName(e),
                                Objects.requireNonNull(e.keys(), "a checked add has keys"),
                                e.ts()));
                used.add(e.device());
            }
            case DeviceEntry.RENAME -> {
                Device old = Objects.requireNonNull(devices.get(e.device()), "a listed device");
                devices.put(
                        e.device(),
                        new Device(old.id(), checkedName(e), old.keys(), old.addedAt()));
            }
            case DeviceEntry.REMOVE -> devices.remove(e.device());
            default -> throw new IllegalStateException("unchecked action " + e.action());
        }
        return new DeviceList(e.user(), e.seq(), e.hash(), e.ts(), devices, used);
    }

    private static String checkedName(DeviceEntry e) {
        return Objects.requireNonNull(e.name(), "a checked add or rename has a name");
    }

    public String user() {
        return user;
    }

    /** The seq of the newest entry. */
    public long seq() {
        return seq;
    }

    /** Hash of the newest entry: the {@code prev} of the next one. */
    public String head() {
        return head;
    }

    /** The newest entry's timestamp; a later entry may not be older. */
    public long lastTs() {
        return lastTs;
    }

    /** The current devices by id, ascending. */
    public Map<Integer, Device> devices() {
        return devices;
    }

    public @Nullable Device device(int id) {
        return devices.get(id);
    }

    public boolean isListed(int id) {
        return devices.containsKey(id);
    }

    /** Every id the log has ever added, including removed ones. */
    public Set<Integer> usedIds() {
        return usedIds;
    }

    /** The id the next added device gets: one more than the highest ever used. */
    public int nextId() {
        return usedIds.isEmpty() ? 1 : usedIds.last() + 1;
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("DeviceList[").append(user).append(" seq ");
        text.append(seq).append(", devices");
        devices.values()
                .forEach(
                        d ->
                                text.append(' ')
                                        .append(d.id())
                                        .append("='")
                                        .append(d.name())
                                        .append('\''));
        return text.append(", used ").append(usedIds).append(']').toString();
    }
}
