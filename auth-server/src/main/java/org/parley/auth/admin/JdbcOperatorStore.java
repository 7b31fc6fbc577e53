package org.parley.auth.admin;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.parley.auth.jdbc.Jdbc;

/** {@link OperatorStore} on the {@code operators} table (database module, migration V2). */
public final class JdbcOperatorStore implements OperatorStore {

    private final DataSource dataSource;

    public JdbcOperatorStore(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    @Override
    public Optional<Operator> find(String username) {
        return Jdbc.first(
                dataSource,
                "SELECT username, password_hash, created_at, last_login_at FROM operators WHERE username = ?",
                statement -> statement.setString(1, username),
                row ->
                        new Operator(
                                row.getString(1),
                                row.getString(2),
                                Jdbc.requiredInstant(row, 3),
                                Jdbc.instant(row, 4)),
                "Could not read operator");
    }

    @Override
    public boolean create(String username, String passwordHash, Instant at) {
        return Jdbc.insertIfNew(
                dataSource,
                "INSERT INTO operators (username, password_hash, created_at) VALUES (?, ?, ?)",
                statement -> {
                    statement.setString(1, username);
                    statement.setString(2, passwordHash);
                    statement.setObject(3, Jdbc.timestamp(at));
                },
                "Could not create operator");
    }

    @Override
    public void recordLogin(String username, Instant at) {
        Jdbc.update(
                dataSource,
                "UPDATE operators SET last_login_at = ? WHERE username = ?",
                statement -> {
                    statement.setObject(1, Jdbc.timestamp(at));
                    statement.setString(2, username);
                },
                "Could not record operator login");
    }

    @Override
    public boolean isChatAccount(String username) {
        return Jdbc.first(
                        dataSource,
                        "SELECT 1 FROM accounts WHERE username = ?",
                        statement -> statement.setString(1, username),
                        row -> true,
                        "Could not read account")
                .isPresent();
    }
}
