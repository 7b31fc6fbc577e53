package org.parley.auth.groups;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.parley.auth.http.ApiException;
import org.parley.auth.http.StoreUnavailableException;
import org.parley.auth.jdbc.Jdbc;
import org.parley.model.GroupEntry;
import org.parley.model.Json;

/**
 * Groups on the {@code groups}, {@code group_members} and {@code group_log} tables (migration V3).
 * A change runs in one transaction with the group's row locked, so two admins' devices racing on
 * the same epoch cannot both append: the second sees the new head and is refused.
 */
public final class JdbcGroupStore {

    /** A group as stored: its chain (oldest first) and the member rows. */
    public record StoredGroup(String id, List<GroupEntry> log, List<String> memberRows) {}

    /** Decides, inside the transaction, which entry to append to a locked group. */
    @FunctionalInterface
    public interface Change {
        GroupEntry decide(StoredGroup current);
    }

    private final DataSource dataSource;

    public JdbcGroupStore(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    /**
     * @return false if a group with that id exists
     */
    public boolean create(GroupEntry genesis) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement s =
                        c.prepareStatement(
                                "INSERT INTO groups (id, name, admin, epoch, head) VALUES (?, ?, ?, 0, ?)")) {
                    s.setString(1, genesis.group());
                    s.setString(2, genesis.name());
                    s.setString(3, genesis.admin());
                    s.setString(4, genesis.hash());
                    s.executeUpdate();
                }
                insertLog(c, genesis);
                for (String member : genesis.members()) {
                    insertMember(c, genesis.group(), member);
                }
                c.commit();
                return true;
            } catch (SQLException e) {
                c.rollback();
                if (Jdbc.isUniqueViolation(e)) {
                    return false;
                }
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreUnavailableException("Could not create group", e);
        }
    }

    public Optional<StoredGroup> find(String id) {
        try (Connection c = dataSource.getConnection()) {
            return load(c, id, false);
        } catch (SQLException e) {
            throw new StoreUnavailableException("Could not read group", e);
        }
    }

    /** Ids of the groups with a member row for {@code username}. */
    public List<String> groupsOf(String username) {
        return Jdbc.list(
                dataSource,
                "SELECT group_id FROM group_members WHERE username = ? ORDER BY group_id",
                statement -> statement.setString(1, username),
                row -> row.getString(1),
                "Could not list groups");
    }

    /**
     * Locks the group, lets {@code change} decide the next entry (it throws {@link ApiException} to
     * refuse, and nothing changes), then appends it and brings the index in line; a {@code delete}
     * entry removes the group.
     *
     * @return the group after the change, or empty if it was deleted
     * @throws ApiException 404 {@code unknown_group} if there is no such group
     */
    public Optional<StoredGroup> change(String id, Change change) {
        return Jdbc.inTransaction(
                dataSource,
                c -> {
                    StoredGroup current = load(c, id, true).orElseThrow(GroupService::unknownGroup);
                    GroupEntry next = change.decide(current);
                    if (GroupEntry.DELETE.equals(next.action())) {
                        try (PreparedStatement s =
                                c.prepareStatement("DELETE FROM groups WHERE id = ?")) {
                            s.setString(1, id);
                            s.executeUpdate();
                        }
                        return Optional.empty();
                    }
                    insertLog(c, next);
                    Set<String> before = new HashSet<>(current.memberRows());
                    Set<String> after = new HashSet<>(next.members());
                    for (String gone : before) {
                        if (!after.contains(gone)) {
                            try (PreparedStatement s =
                                    c.prepareStatement(
                                            "DELETE FROM group_members WHERE group_id = ? AND username = ?")) {
                                s.setString(1, id);
                                s.setString(2, gone);
                                s.executeUpdate();
                            }
                        }
                    }
                    for (String added : after) {
                        if (!before.contains(added)) {
                            insertMember(c, id, added);
                        }
                    }
                    try (PreparedStatement s =
                            c.prepareStatement(
                                    "UPDATE groups SET name = ?, admin = ?, epoch = ?, head = ?, updated_at = now() WHERE id = ?")) {
                        s.setString(1, next.name());
                        s.setString(2, next.admin());
                        s.setLong(3, next.seq());
                        s.setString(4, next.hash());
                        s.setString(5, id);
                        s.executeUpdate();
                    }
                    return Optional.of(load(c, id, false).orElseThrow());
                },
                "Could not change group");
    }

    private static Optional<StoredGroup> load(Connection c, String id, boolean forUpdate)
            throws SQLException {
        try (PreparedStatement s =
                c.prepareStatement(
                        "SELECT id FROM groups WHERE id = ?" + (forUpdate ? " FOR UPDATE" : ""))) {
            s.setString(1, id);
            try (ResultSet r = s.executeQuery()) {
                if (!r.next()) {
                    return Optional.empty();
                }
            }
        }
        List<GroupEntry> log = new ArrayList<>();
        try (PreparedStatement s =
                c.prepareStatement("SELECT entry FROM group_log WHERE group_id = ? ORDER BY seq")) {
            s.setString(1, id);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    log.add(Json.parse(r.getString(1), GroupEntry.class));
                }
            }
        }
        List<String> members = new ArrayList<>();
        try (PreparedStatement s =
                c.prepareStatement(
                        "SELECT username FROM group_members WHERE group_id = ? ORDER BY username")) {
            s.setString(1, id);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    members.add(r.getString(1));
                }
            }
        }
        return Optional.of(new StoredGroup(id, log, members));
    }

    private static void insertLog(Connection c, GroupEntry e) throws SQLException {
        try (PreparedStatement s =
                c.prepareStatement(
                        "INSERT INTO group_log (group_id, seq, entry) VALUES (?, ?, ?)")) {
            s.setString(1, e.group());
            s.setLong(2, e.seq());
            s.setString(3, Json.write(e));
            s.executeUpdate();
        }
    }

    private static void insertMember(Connection c, String groupId, String user)
            throws SQLException {
        try (PreparedStatement s =
                c.prepareStatement(
                        "INSERT INTO group_members (group_id, username) VALUES (?, ?)")) {
            s.setString(1, groupId);
            s.setString(2, user);
            s.executeUpdate();
        }
    }
}
