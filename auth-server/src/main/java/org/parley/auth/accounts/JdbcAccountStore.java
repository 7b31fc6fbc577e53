package org.parley.auth.accounts;

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
import org.parley.auth.http.StoreUnavailableException;
import org.parley.model.KdfParams;
import org.parley.model.PublicKeys;

/** {@link AccountStore} on the {@code accounts} table (database module, migration V1). */
public final class JdbcAccountStore implements AccountStore {

    /** PostgreSQL's unique_violation. */
    private static final String UNIQUE_VIOLATION = "23505";

    private static final String SELECT =
            """
            SELECT username, auth_hash, signing_public, agreement_public, wrapped_keys,
                   kdf_salt, kdf_m, kdf_t, kdf_p, disabled, tokens_not_before
              FROM accounts WHERE username = ?""";
    private static final String INSERT =
            """
            INSERT INTO accounts (username, auth_hash, signing_public, agreement_public, wrapped_keys,
                                  kdf_salt, kdf_m, kdf_t, kdf_p)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""";
    private static final String RECORD_LOGIN =
            "UPDATE accounts SET last_login_at = ? WHERE username = ?";

    private final DataSource dataSource;

    public JdbcAccountStore(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    @Override
    public Optional<Account> find(String username) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(SELECT)) {
            statement.setString(1, username);
            try (ResultSet row = statement.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                OffsetDateTime notBefore = row.getObject("tokens_not_before", OffsetDateTime.class);
                return Optional.of(
                        new Account(
                                row.getString("username"),
                                row.getString("auth_hash"),
                                new PublicKeys(
                                        row.getBytes("signing_public"),
                                        row.getBytes("agreement_public")),
                                row.getBytes("wrapped_keys"),
                                row.getBytes("kdf_salt"),
                                new KdfParams(
                                        row.getInt("kdf_m"),
                                        row.getInt("kdf_t"),
                                        row.getInt("kdf_p")),
                                row.getBoolean("disabled"),
                                notBefore == null ? null : notBefore.toInstant()));
            }
        } catch (SQLException e) {
            throw new StoreUnavailableException("Could not read account", e);
        }
    }

    @Override
    public boolean create(Account account) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(INSERT)) {
            PublicKeys keys = account.publicKeys();
            statement.setString(1, account.username());
            statement.setString(2, account.authHash());
            statement.setBytes(3, keys.signing());
            statement.setBytes(4, keys.agreement());
            statement.setBytes(5, account.wrappedKeys());
            statement.setBytes(6, account.salt());
            statement.setInt(7, account.kdf().m());
            statement.setInt(8, account.kdf().t());
            statement.setInt(9, account.kdf().p());
            statement.executeUpdate();
            return true;
        } catch (SQLException e) {
            // The unique constraint, not a prior SELECT, decides races between two signups.
            if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                return false;
            }
            throw new StoreUnavailableException("Could not create account", e);
        }
    }

    @Override
    public void recordLogin(String username, Instant at) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(RECORD_LOGIN)) {
            statement.setObject(1, OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
            statement.setString(2, username);
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new StoreUnavailableException("Could not record login", e);
        }
    }
}
