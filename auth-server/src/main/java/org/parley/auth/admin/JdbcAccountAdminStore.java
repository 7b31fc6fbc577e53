package org.parley.auth.admin;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.parley.auth.http.StoreUnavailableException;

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
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, pattern);
            statement.setInt(2, limit);
            List<AccountSummary> found = new ArrayList<>();
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    found.add(summary(row));
                }
            }
            return found;
        } catch (SQLException e) {
            throw new StoreUnavailableException("Could not search accounts", e);
        }
    }

    @Override
    public Optional<AccountSummary> find(String username) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement =
                        connection.prepareStatement(
                                "SELECT " + COLUMNS + " FROM accounts WHERE username = ?")) {
            statement.setString(1, username);
            try (ResultSet row = statement.executeQuery()) {
                return row.next() ? Optional.of(summary(row)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StoreUnavailableException("Could not read account", e);
        }
    }

    @Override
    public long count() {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement =
                        connection.prepareStatement("SELECT count(*) FROM accounts");
                ResultSet row = statement.executeQuery()) {
            row.next();
            return row.getLong(1);
        } catch (SQLException e) {
            throw new StoreUnavailableException("Could not count accounts", e);
        }
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
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                int changed;
                try (PreparedStatement statement = connection.prepareStatement(sql)) {
                    int i = 1;
                    if (notBefore != null) {
                        statement.setObject(
                                i++, OffsetDateTime.ofInstant(notBefore, ZoneOffset.UTC));
                    }
                    statement.setString(i, username);
                    changed = statement.executeUpdate();
                }
                if (changed == 0) {
                    connection.rollback();
                    return false;
                }
                JdbcAuditLog.insert(connection, audit);
                connection.commit();
                return true;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new StoreUnavailableException("Could not change account", e);
        }
    }

    @Override
    public Map<String, Instant> revocationsSince(Instant since) {
        String sql =
                "SELECT username, tokens_not_before FROM accounts WHERE tokens_not_before > ? ORDER BY username";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setObject(1, OffsetDateTime.ofInstant(since, ZoneOffset.UTC));
            Map<String, Instant> revocations = new LinkedHashMap<>();
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    revocations.put(row.getString(1), JdbcOperatorStore.instant(row, 2));
                }
            }
            return revocations;
        } catch (SQLException e) {
            throw new StoreUnavailableException("Could not read revocations", e);
        }
    }

    private static AccountSummary summary(ResultSet row) throws SQLException {
        return new AccountSummary(
                row.getString(1),
                JdbcOperatorStore.requiredInstant(row, 2),
                JdbcOperatorStore.instant(row, 3),
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
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setInt(1, limit);
            List<GroupSummary> found = new ArrayList<>();
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    String[] members = (String[]) row.getArray("members").getArray();
                    found.add(
                            new GroupSummary(
                                    row.getString("id"),
                                    row.getString("name"),
                                    row.getString("admin"),
                                    row.getLong("epoch"),
                                    List.of(members),
                                    row.getTimestamp("created_at").toInstant(),
                                    row.getTimestamp("updated_at").toInstant()));
                }
            }
            return found;
        } catch (SQLException e) {
            throw new StoreUnavailableException("Could not list groups", e);
        }
    }

    @Override
    public long groupCount() {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement =
                        connection.prepareStatement("SELECT count(*) FROM groups");
                ResultSet row = statement.executeQuery()) {
            row.next();
            return row.getLong(1);
        } catch (SQLException e) {
            throw new StoreUnavailableException("Could not count groups", e);
        }
    }
}
