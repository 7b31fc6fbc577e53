package org.parley.auth.admin;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;
import org.parley.auth.http.StoreUnavailableException;
import org.parley.auth.jdbc.Jdbc;

/** {@link AuditLog} on the {@code audit_log} table (migration V2). */
public final class JdbcAuditLog implements AuditLog {

    private static final String INSERT =
            "INSERT INTO audit_log (operator, at, action, target, detail) VALUES (?, ?, ?, ?, ?)";

    private final DataSource dataSource;

    public JdbcAuditLog(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    @Override
    public void record(AuditEntry entry) {
        try (Connection connection = dataSource.getConnection()) {
            insert(connection, entry);
        } catch (SQLException e) {
            throw new StoreUnavailableException("Could not write the audit log", e);
        }
    }

    /** On the caller's connection, so an action and its audit row commit together. */
    static void insert(Connection connection, AuditEntry entry) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(INSERT)) {
            statement.setString(1, entry.operator());
            statement.setObject(2, Jdbc.timestamp(entry.at()));
            statement.setString(3, entry.action());
            statement.setString(4, entry.target());
            statement.setString(5, entry.detail());
            statement.executeUpdate();
        }
    }

    @Override
    public List<AuditEntry> recent(int limit) {
        return Jdbc.list(
                dataSource,
                "SELECT id, operator, at, action, target, detail FROM audit_log ORDER BY at DESC, id DESC LIMIT ?",
                statement -> statement.setInt(1, Math.max(1, Math.min(limit, 1000))),
                row ->
                        new AuditEntry(
                                row.getLong(1),
                                row.getString(2),
                                Jdbc.requiredInstant(row, 3),
                                row.getString(4),
                                row.getString(5),
                                row.getString(6)),
                "Could not read the audit log");
    }
}
