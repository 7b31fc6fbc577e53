package org.parley.auth.security;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;
import org.parley.auth.http.StoreUnavailableException;

/**
 * Logged-out sessions, table {@code revoked_tokens} (V5): a session token whose id (jti, kept by
 * token refresh, so it names one login session) is listed is refused until the entry expires, by
 * when every token of that session has expired too. Expired entries are deleted on the next logout.
 */
public final class RevokedTokens {

    /** One logged-out session still in force. */
    public record Revoked(String tokenId, String username, Instant expiresAt) {}

    private static final String INSERT =
            "INSERT INTO revoked_tokens (token_id, username, expires_at) VALUES (?, ?, ?)"
                    + " ON CONFLICT (token_id) DO UPDATE SET expires_at = GREATEST(revoked_tokens.expires_at, EXCLUDED.expires_at)";
    private static final String PRUNE = "DELETE FROM revoked_tokens WHERE expires_at < ?";
    private static final String EXISTS =
            "SELECT 1 FROM revoked_tokens WHERE token_id = ? AND expires_at >= ?";
    private static final String IN_FORCE =
            "SELECT token_id, username, expires_at FROM revoked_tokens"
                    + " WHERE expires_at >= ? ORDER BY expires_at";

    private final DataSource dataSource;
    private final Clock clock;

    public RevokedTokens(DataSource dataSource, Clock clock) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public void revoke(String tokenId, String username, Instant expiresAt) {
        try (Connection connection = dataSource.getConnection()) {
            try (PreparedStatement prune = connection.prepareStatement(PRUNE)) {
                prune.setObject(1, utc(clock.instant()));
                prune.executeUpdate();
            }
            try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
                insert.setString(1, tokenId);
                insert.setString(2, username);
                insert.setObject(3, utc(expiresAt));
                insert.executeUpdate();
            }
        } catch (SQLException e) {
            throw new StoreUnavailableException("Could not record the logout", e);
        }
    }

    public boolean isRevoked(String tokenId) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(EXISTS)) {
            statement.setString(1, tokenId);
            statement.setObject(2, utc(clock.instant()));
            try (ResultSet row = statement.executeQuery()) {
                return row.next();
            }
        } catch (SQLException e) {
            throw new StoreUnavailableException("Could not read logged-out sessions", e);
        }
    }

    /** Every logout whose tokens could still be valid, for re-sending to the brokers. */
    public List<Revoked> inForce() {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(IN_FORCE)) {
            statement.setObject(1, utc(clock.instant()));
            List<Revoked> out = new ArrayList<>();
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    out.add(
                            new Revoked(
                                    row.getString("token_id"),
                                    row.getString("username"),
                                    row.getObject("expires_at", OffsetDateTime.class).toInstant()));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new StoreUnavailableException("Could not read logged-out sessions", e);
        }
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
