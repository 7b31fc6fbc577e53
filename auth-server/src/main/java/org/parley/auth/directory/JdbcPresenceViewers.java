package org.parley.auth.directory;

import java.sql.PreparedStatement;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;
import org.parley.auth.jdbc.Jdbc;

/** The {@code presence_viewers} table (database module, migration V4). */
public final class JdbcPresenceViewers {

    private static final String SELECT =
            "SELECT viewer FROM presence_viewers WHERE owner = ? ORDER BY viewer";
    private static final String DELETE = "DELETE FROM presence_viewers WHERE owner = ?";
    private static final String INSERT =
            "INSERT INTO presence_viewers (owner, viewer) VALUES (?, ?)";

    private final DataSource dataSource;

    public JdbcPresenceViewers(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    /** Who may follow {@code owner}, sorted; empty when the owner never set a list. */
    public List<String> viewersOf(String owner) {
        return Jdbc.list(
                dataSource,
                SELECT,
                statement -> statement.setString(1, owner),
                row -> row.getString(1),
                "Could not read presence viewers");
    }

    /** Replaces {@code owner}'s list in one transaction (canonical names, without the owner). */
    public void replace(String owner, Collection<String> viewers) {
        Jdbc.inTransaction(
                dataSource,
                connection -> {
                    try (PreparedStatement delete = connection.prepareStatement(DELETE);
                            PreparedStatement insert = connection.prepareStatement(INSERT)) {
                        delete.setString(1, owner);
                        delete.executeUpdate();
                        for (String viewer : viewers) {
                            insert.setString(1, owner);
                            insert.setString(2, viewer);
                            insert.addBatch();
                        }
                        return insert.executeBatch();
                    }
                },
                "Could not store presence viewers");
    }
}
