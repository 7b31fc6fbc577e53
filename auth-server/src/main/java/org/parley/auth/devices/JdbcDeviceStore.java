package org.parley.auth.devices;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;
import org.parley.auth.http.ApiException;
import org.parley.auth.jdbc.Jdbc;
import org.parley.model.DeviceEntry;
import org.parley.model.Json;

/**
 * Device logs on the {@code device_log} table (migration V6). The primary key {@code (username,
 * seq)} decides a race between two devices appending the same seq: the second insert fails, and the
 * log never forks.
 */
public final class JdbcDeviceStore {

    /** Checks, inside the transaction, the entry to append after the log read in it. */
    @FunctionalInterface
    public interface Append {
        DeviceEntry decide(List<DeviceEntry> current);
    }

    private static final String SELECT_LOG =
            "SELECT seq, entry FROM device_log WHERE username = ? ORDER BY seq";

    private final DataSource dataSource;

    public JdbcDeviceStore(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    /**
     * The stored log of {@code username}, oldest first, as stored (not verified).
     *
     * @throws ApiException 409 {@code device_log_corrupt} if a row is not a device entry
     */
    public List<DeviceEntry> log(String username) {
        return Jdbc.list(
                dataSource,
                SELECT_LOG,
                statement -> statement.setString(1, username),
                row -> entry(username, row),
                "Could not read the device log");
    }

    /**
     * Reads the log, lets {@code append} check the next entry (it throws {@link ApiException} to
     * refuse, and nothing changes), then stores it, all in one transaction.
     *
     * @throws ApiException 409 {@code stale_log} if another entry took the same seq meanwhile
     */
    public DeviceEntry append(String username, Append append) {
        return Jdbc.inTransaction(
                dataSource,
                c -> {
                    DeviceEntry next = append.decide(load(c, username));
                    try (PreparedStatement s =
                            c.prepareStatement(
                                    "INSERT INTO device_log (username, seq, entry, hash) VALUES (?, ?, ?, ?)")) {
                        s.setString(1, username);
                        s.setLong(2, next.seq());
                        s.setString(3, Json.write(next));
                        s.setString(4, next.hash());
                        s.executeUpdate();
                    } catch (SQLException e) {
                        if (Jdbc.isUniqueViolation(e)) {
                            throw DeviceService.staleLog(next.seq());
                        }
                        throw e;
                    }
                    return next;
                },
                "Could not append to the device log");
    }

    private static List<DeviceEntry> load(Connection c, String username) throws SQLException {
        List<DeviceEntry> log = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(SELECT_LOG)) {
            s.setString(1, username);
            try (ResultSet rows = s.executeQuery()) {
                while (rows.next()) {
                    log.add(entry(username, rows));
                }
            }
        }
        return log;
    }

    private static DeviceEntry entry(String username, ResultSet row) throws SQLException {
        long seq = row.getLong(1);
        try {
            return Json.parse(row.getString(2), DeviceEntry.class);
        } catch (IllegalArgumentException e) {
            throw new ApiException(
                    409,
                    "device_log_corrupt",
                    "Entry " + seq + " of " + username + "'s stored device log is not readable.");
        }
    }
}
