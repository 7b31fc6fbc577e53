package org.parley.auth.admin;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.parley.auth.http.StoreUnavailableException;

/** {@link OperatorStore} on the {@code operators} table (database module, migration V2). */
public final class JdbcOperatorStore implements OperatorStore {

    private static final String UNIQUE_VIOLATION = "23505";

    private final DataSource dataSource;

    public JdbcOperatorStore(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    @Override
    public Optional<Operator> find(String username) {
        String sql =
                "SELECT username, password_hash, created_at, last_login_at FROM operators WHERE username = ?";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, username);
            try (ResultSet row = statement.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                return Optional.of(
                        new Operator(
                                row.getString(1),
                                row.getString(2),
                                requiredInstant(row, 3),
                                instant(row, 4)));
            }
        } catch (SQLException e) {
            throw new StoreUnavailableException("Could not read operator", e);
        }
    }

    @Override
    public boolean create(String username, String passwordHash, Instant at) {
        String sql = "INSERT INTO operators (username, password_hash, created_at) VALUES (?, ?, ?)";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, username);
            statement.setString(2, passwordHash);
            statement.setObject(3, OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
            statement.executeUpdate();
            return true;
        } catch (SQLException e) {
            if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                return false;
            }
            throw new StoreUnavailableException("Could not create operator", e);
        }
    }

    @Override
    public void recordLogin(String username, Instant at) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement =
                        connection.prepareStatement(
                                "UPDATE operators SET last_login_at = ? WHERE username = ?")) {
            statement.setObject(1, OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
            statement.setString(2, username);
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new StoreUnavailableException("Could not record operator login", e);
        }
    }

    @Override
    public boolean isChatAccount(String username) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement =
                        connection.prepareStatement("SELECT 1 FROM accounts WHERE username = ?")) {
            statement.setString(1, username);
            try (ResultSet row = statement.executeQuery()) {
                return row.next();
            }
        } catch (SQLException e) {
            throw new StoreUnavailableException("Could not read account", e);
        }
    }

    /** A NOT NULL timestamp column. */
    static Instant requiredInstant(ResultSet row, int column) throws SQLException {
        return Objects.requireNonNull(instant(row, column), "a NOT NULL column");
    }

    static @Nullable Instant instant(ResultSet row, int column) throws SQLException {
        OffsetDateTime value = row.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
