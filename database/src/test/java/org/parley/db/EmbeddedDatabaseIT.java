package org.parley.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.parley.db.TestRows.bytes;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.parley.config.Secret;
import org.parley.testing.Wait;

/** One embedded PostgreSQL for the whole class (each start costs seconds). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EmbeddedDatabaseIT {

    @TempDir static Path dir;

    private Database db;

    @BeforeAll
    void start() {
        db = Database.start(DatabaseConfig.embedded(dir));
    }

    @AfterAll
    void stop() {
        if (db != null) {
            db.close();
        }
    }

    @Test
    @Order(1)
    void startsOnAnEphemeralPortWithTheSchemaMigrated() throws SQLException {
        assertThat(db.isEmbedded()).isTrue();
        assertThat(db.jdbcUrl()).matches("jdbc:postgresql://localhost:[1-9][0-9]*/parley");
        assertThat(db.jdbcUrl()).doesNotContain(":5432/");
        assertThat(db.isHealthy()).isTrue();
        assertThat(Files.isRegularFile(dir.resolve("pgdata").resolve("PG_VERSION"))).isTrue();

        Map<String, String> columns = new LinkedHashMap<>();
        try (Connection c = db.dataSource().getConnection();
                PreparedStatement ps =
                        c.prepareStatement(
                                "SELECT column_name, data_type, is_nullable, coalesce(identity_generation, '') FROM information_schema.columns"
                                        + " WHERE table_schema = 'public' AND table_name = 'accounts' ORDER BY ordinal_position");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                columns.put(
                        rs.getString(1),
                        rs.getString(2) + " " + rs.getString(3) + " " + rs.getString(4));
            }
        }
        assertThat(columns)
                .containsExactly(
                        Map.entry("id", "bigint NO ALWAYS"),
                        Map.entry("username", "text NO "),
                        Map.entry("auth_hash", "text NO "),
                        Map.entry("signing_public", "bytea NO "),
                        Map.entry("agreement_public", "bytea NO "),
                        Map.entry("wrapped_keys", "bytea NO "),
                        Map.entry("kdf_salt", "bytea NO "),
                        Map.entry("kdf_m", "integer NO "),
                        Map.entry("kdf_t", "integer NO "),
                        Map.entry("kdf_p", "integer NO "),
                        Map.entry("created_at", "timestamp with time zone NO "),
                        Map.entry("last_login_at", "timestamp with time zone YES "),
                        Map.entry("disabled", "boolean NO "),
                        Map.entry("tokens_not_before", "timestamp with time zone YES "));

        assertThat(
                        query(
                                "SELECT string_agg(table_name, ',' ORDER BY table_name) FROM information_schema.tables"
                                        + " WHERE table_schema = 'public'"))
                .isEqualTo(
                        "accounts,audit_log,device_log,flyway_schema_history,group_log,group_members,groups,operators,presence_viewers,revoked_tokens");
        assertThat(
                        query(
                                "SELECT string_agg(version || ':' || success, ',' ORDER BY installed_rank)"
                                        + " FROM flyway_schema_history"))
                .isEqualTo("1:true,2:true,3:true,4:true,5:true,6:true");
    }

    @Test
    @Order(2)
    void accountsTableEnforcesItsConstraints() throws SQLException {
        TestRows.insertAccount(db.dataSource(), "alice.b-c_9");
        assertThat(
                        query(
                                "SELECT disabled || ' ' || (created_at IS NOT NULL) || ' ' || (last_login_at IS NULL)"
                                        + " || ' ' || (tokens_not_before IS NULL) FROM accounts WHERE username = 'alice.b-c_9'"))
                .isEqualTo("false true true true");

        assertThat(insertState("alice.b-c_9", bytes(32, 1), bytes(16, 2)))
                .as("duplicate")
                .isEqualTo("23505");
        for (String bad :
                List.of("Alice", "al", "a".repeat(33), "al ice", "al%ce", "ål1ce", "bob;", "")) {
            assertThat(insertState(bad, bytes(32, 1), bytes(16, 2))).as(bad).isEqualTo("23514");
        }
        assertThat(insertState("bob", bytes(31, 1), bytes(16, 2)))
                .as("short signing key")
                .isEqualTo("23514");
        assertThat(insertState("bob", bytes(32, 1), bytes(15, 2)))
                .as("short salt")
                .isEqualTo("23514");
        assertThat(insertState("bob", bytes(32, 1), null)).as("null salt").isEqualTo("23502");
        assertThat(insertState("b".repeat(32), bytes(32, 1), bytes(16, 2)))
                .as("32 chars ok")
                .isNull();

        try (Connection c = db.dataSource().getConnection();
                Statement st = c.createStatement()) {
            assertThatThrownBy(
                            () ->
                                    st.executeUpdate(
                                            "INSERT INTO accounts (id, username, auth_hash, signing_public,"
                                                    + " agreement_public, wrapped_keys, kdf_salt, kdf_m, kdf_t, kdf_p) VALUES (42, 'carol', 'h',"
                                                    + " decode(repeat('01', 32), 'hex'), decode(repeat('01', 32), 'hex'), '\\x01',"
                                                    + " decode(repeat('01', 16), 'hex'), 65536, 3, 1)"))
                    .as("id is generated always")
                    .isInstanceOf(SQLException.class);
        }
    }

    @Test
    @Order(3)
    void runsDurablyAsAnUnprivilegedRole() throws SQLException {
        assertThat(query("SHOW fsync")).isEqualTo("on");
        assertThat(query("SHOW synchronous_commit")).isEqualTo("on");
        assertThat(query("SELECT current_user")).isEqualTo("parley");
        assertThat(query("SELECT rolsuper::text FROM pg_roles WHERE rolname = current_user"))
                .isEqualTo("false");
        assertThat(
                        query(
                                "SELECT pg_encoding_to_char(encoding) FROM pg_database WHERE datname = current_database()"))
                .isEqualTo("UTF8");
    }

    @Test
    @Order(4)
    void keepsItsSecretsPrivate() throws Exception {
        Path credentials = dir.resolve("database.credentials");
        assertThat(credentials).isRegularFile();
        assertThat(dir.resolve("initdb.pw")).doesNotExist();
        if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(credentials)))
                    .isEqualTo("rw-------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)))
                    .isEqualTo("rwx------");
        }
        // Passwords are required: no trust authentication over TCP.
        assertThatThrownBy(
                        () ->
                                Database.start(
                                                DatabaseConfig.external(
                                                                db.jdbcUrl(),
                                                                "parley",
                                                                Secret.of("wrong"))
                                                        .withMaxPoolSize(1))
                                        .close())
                .isInstanceOf(DatabaseException.class)
                .hasMessageContaining("password authentication failed");
    }

    @Test
    @Order(5)
    void secondDatabaseOnTheSameDirectoryIsRefused() {
        long start = System.nanoTime();
        assertThatThrownBy(() -> Database.start(DatabaseConfig.embedded(dir)))
                .isInstanceOf(DatabaseException.class)
                .hasMessageContaining("in use");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        assertThat(db.isHealthy()).isTrue();
    }

    @Test
    @Order(6)
    void externalModeReachesTheSameDatabaseAndMigrationsAreIdempotent() throws SQLException {
        DatabaseConfig external = db.externalConfig();
        assertThat(external.isEmbedded()).isFalse();
        assertThat(external.jdbcUrl()).isEqualTo(db.jdbcUrl());
        try (Database second = Database.start(external.withMaxPoolSize(2))) {
            assertThat(second.isEmbedded()).isFalse();
            assertThat(second.isHealthy()).isTrue();
            TestRows.insertAccount(second.dataSource(), "via.external");
            assertThat(TestRows.usernames(db.dataSource())).contains("via.external");
            assertThatThrownBy(second::stopEmbeddedServer)
                    .isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(second::startEmbeddedServer)
                    .isInstanceOf(IllegalStateException.class);
        }
        assertThat(query("SELECT count(*) FROM flyway_schema_history")).isEqualTo("6");
        assertThat(db.isHealthy())
                .as("closing the external one leaves the server running")
                .isTrue();
    }

    @Test
    @Order(7)
    void poolRecoversWhenTheEmbeddedServerRestarts() throws SQLException {
        String url = db.jdbcUrl();
        assertThat(db.isHealthy()).isTrue();

        db.stopEmbeddedServer();
        Duration unhealthyAfter =
                Wait.until(Duration.ofSeconds(3), "isHealthy() false", () -> !db.isHealthy());
        assertThat(unhealthyAfter).isLessThan(Duration.ofSeconds(3));
        long t = System.nanoTime();
        assertThat(db.isHealthy()).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - t))
                .as("a failing health check is quick")
                .isLessThan(Duration.ofSeconds(3));

        db.startEmbeddedServer();
        db.startEmbeddedServer(); // no-op while running
        Duration recovered =
                Wait.until(Duration.ofSeconds(20), "isHealthy() true after restart", db::isHealthy);
        System.out.println(
                "pool unhealthy "
                        + unhealthyAfter.toMillis()
                        + " ms after stop, healthy "
                        + recovered.toMillis()
                        + " ms after restart");
        assertThat(db.jdbcUrl()).isEqualTo(url);
        assertThat(TestRows.usernames(db.dataSource())).contains("alice.b-c_9");
    }

    @Test
    @Order(8)
    void closeIsIdempotentAndEndsHealth() throws SQLException {
        Path other = dir.resolveSibling(dir.getFileName() + "-closed");
        // Reuses this class's server through external mode: no extra PostgreSQL start.
        Database second = Database.start(db.externalConfig().withMaxPoolSize(1));
        second.close();
        second.close();
        assertThat(second.isHealthy()).isFalse();
        assertThat(Files.exists(other)).isFalse();
        assertThat(db.isHealthy()).isTrue();
    }

    private String query(String sql) throws SQLException {
        try (Connection c = db.dataSource().getConnection();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            assertThat(rs.next()).isTrue();
            return rs.getString(1);
        }
    }

    /** Tries an insert; returns null on success or the SQLState of the failure. */
    private String insertState(String username, byte[] signing, byte[] salt) throws SQLException {
        try (Connection c = db.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement(TestRows.INSERT)) {
            TestRows.bindAccount(ps, username, signing, salt);
            ps.executeUpdate();
            return null;
        } catch (SQLException e) {
            return e.getSQLState();
        }
    }
}
