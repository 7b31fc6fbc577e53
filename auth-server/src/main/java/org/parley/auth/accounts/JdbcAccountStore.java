package org.parley.auth.accounts;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.parley.auth.jdbc.Jdbc;
import org.parley.model.KdfParams;
import org.parley.model.PublicKeys;

/** {@link AccountStore} on the {@code accounts} table (database module, migration V1). */
public final class JdbcAccountStore implements AccountStore {

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
        return Jdbc.first(
                dataSource,
                SELECT,
                statement -> statement.setString(1, username),
                JdbcAccountStore::account,
                "Could not read account");
    }

    private static Account account(ResultSet row) throws SQLException {
        OffsetDateTime notBefore = row.getObject("tokens_not_before", OffsetDateTime.class);
        return new Account(
                row.getString("username"),
                row.getString("auth_hash"),
                new PublicKeys(row.getBytes("signing_public"), row.getBytes("agreement_public")),
                row.getBytes("wrapped_keys"),
                row.getBytes("kdf_salt"),
                new KdfParams(row.getInt("kdf_m"), row.getInt("kdf_t"), row.getInt("kdf_p")),
                row.getBoolean("disabled"),
                notBefore == null ? null : notBefore.toInstant());
    }

    @Override
    public boolean create(Account account) {
        return Jdbc.insertIfNew(
                dataSource,
                INSERT,
                statement -> {
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
                },
                "Could not create account");
    }

    @Override
    public void recordLogin(String username, Instant at) {
        Jdbc.update(
                dataSource,
                RECORD_LOGIN,
                statement -> {
                    statement.setObject(1, Jdbc.timestamp(at));
                    statement.setString(2, username);
                },
                "Could not record login");
    }
}
