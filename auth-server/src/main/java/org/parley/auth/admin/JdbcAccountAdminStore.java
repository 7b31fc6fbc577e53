package org.parley.auth.admin;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.parley.auth.jdbc.Jdbc;

/** {@link AccountAdminStore} on {@code accounts} and {@code audit_log}. */
public final class JdbcAccountAdminStore implements AccountAdminStore {

    private static final String COLUMNS = "username, created_at, last_login_at, disabled";

    private final DataSource dataSource;

    public JdbcAccountAdminStore(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    @Override
    public List<AccountSummary> search(String prefix, int limit) {
        // LIKE with the wildcards of the prefix escaped: "a_b" finds "a_b...", not "axb...".
        String pattern = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
        String sql =
                "SELECT "
                        + COLUMNS
                        + " FROM accounts WHERE username LIKE ? ORDER BY username LIMIT ?";
        return Jdbc.list(
                dataSource,
                sql,
                statement -> {
                    statement.setString(1, pattern);
                    statement.setInt(2, limit);
                },
                JdbcAccountAdminStore::summary,
                "Could not search accounts");
    }

    @Override
    public Optional<AccountSummary> find(String username) {
        return Jdbc.first(
                dataSource,
                "SELECT " + COLUMNS + " FROM accounts WHERE username = ?",
                statement -> statement.setString(1, username),
                JdbcAccountAdminStore::summary,
                "Could not read account");
    }

    @Override
    public long count() {
        return Jdbc.count(dataSource, "SELECT count(*) FROM accounts", "Could not count accounts");
    }

    @Override
    public boolean disable(String username, Instant at, AuditEntry audit) {
        return update(
                "UPDATE accounts SET disabled = true, tokens_not_before = ? WHERE username = ?",
                username,
                at,
                audit);
    }

    @Override
    public boolean enable(String username, AuditEntry audit) {
        return update(
                "UPDATE accounts SET disabled = false WHERE username = ?", username, null, audit);
    }

    private boolean update(
            String sql, String username, @Nullable Instant notBefore, AuditEntry audit) {
        return Jdbc.inTransaction(
                dataSource,
                connection -> {
                    int changed;
                    try (PreparedStatement statement = connection.prepareStatement(sql)) {
                        int i = 1;
                        if (notBefore != null) {
                            statement.setObject(i++, Jdbc.timestamp(notBefore));
                        }
                        statement.setString(i, username);
                        changed = statement.executeUpdate();
                    }
                    // No such account: nothing changed, nothing to audit.
                    if (changed == 0) {
                        return false;
                    }
                    JdbcAuditLog.insert(connection, audit);
                    return true;
                },
                "Could not change account");
    }

    @Override
    public Map<String, Instant> revocationsSince(Instant since) {
        String sql =
                "SELECT username, tokens_not_before FROM accounts WHERE tokens_not_before > ? ORDER BY username";
        Map<String, Instant> revocations = new LinkedHashMap<>();
        for (Map.Entry<String, Instant> revocation :
                Jdbc.list(
                        dataSource,
                        sql,
                        statement -> statement.setObject(1, Jdbc.timestamp(since)),
                        row -> Map.entry(row.getString(1), Jdbc.requiredInstant(row, 2)),
                        "Could not read revocations")) {
            revocations.put(revocation.getKey(), revocation.getValue());
        }
        return revocations;
    }

    private static AccountSummary summary(ResultSet row) throws SQLException {
        return new AccountSummary(
                row.getString(1),
                Jdbc.requiredInstant(row, 2),
                Jdbc.instant(row, 3),
                row.getBoolean(4));
    }

    @Override
    public List<GroupSummary> groups(int limit) {
        String sql =
                """
                SELECT g.id, g.name, g.admin, g.epoch, g.created_at, g.updated_at,
                       coalesce(array_agg(m.username ORDER BY m.username) FILTER (WHERE m.username IS NOT NULL),
                                '{}') AS members
                FROM (SELECT * FROM groups ORDER BY updated_at DESC, id LIMIT ?) g
                LEFT JOIN group_members m ON m.group_id = g.id
                GROUP BY g.id, g.name, g.admin, g.epoch, g.created_at, g.updated_at
                ORDER BY g.updated_at DESC, g.id""";
        return Jdbc.list(
                dataSource,
                sql,
                statement -> statement.setInt(1, limit),
                row ->
                        new GroupSummary(
                                row.getString("id"),
                                row.getString("name"),
                                row.getString("admin"),
                                row.getLong("epoch"),
                                List.of((String[]) row.getArray("members").getArray()),
                                row.getTimestamp("created_at").toInstant(),
                                row.getTimestamp("updated_at").toInstant()),
                "Could not list groups");
    }

    @Override
    public long groupCount() {
        return Jdbc.count(dataSource, "SELECT count(*) FROM groups", "Could not count groups");
    }
}
