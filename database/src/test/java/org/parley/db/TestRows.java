package org.parley.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.sql.DataSource;

/** Inserts and reads test accounts. */
final class TestRows {
    private TestRows() {}

    static final String INSERT =
            "INSERT INTO accounts (username, auth_hash, signing_public, agreement_public,"
                    + " wrapped_keys, kdf_salt, kdf_m, kdf_t, kdf_p) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";

    static void insertAccount(DataSource ds, String username) throws SQLException {
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement(INSERT)) {
            bindAccount(ps, username, bytes(32, 1), bytes(16, 2));
            ps.executeUpdate();
        }
    }

    static void bindAccount(
            PreparedStatement ps, String username, byte[] signingPublic, byte[] salt)
            throws SQLException {
        ps.setString(1, username);
        ps.setString(2, "$2a$12$abcdefghijklmnopqrstuuABCDEFGHIJKLMNOPQRSTUVWXYZ01234");
        ps.setBytes(3, signingPublic);
        ps.setBytes(4, bytes(32, 3));
        ps.setBytes(5, bytes(93, 4));
        ps.setBytes(6, salt);
        ps.setInt(7, 65536);
        ps.setInt(8, 3);
        ps.setInt(9, 1);
    }

    static List<String> usernames(DataSource ds) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Connection c = ds.getConnection();
                PreparedStatement ps =
                        c.prepareStatement("SELECT username FROM accounts ORDER BY id");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }

    static byte[] bytes(int length, int fill) {
        byte[] b = new byte[length];
        Arrays.fill(b, (byte) fill);
        return b;
    }
}
