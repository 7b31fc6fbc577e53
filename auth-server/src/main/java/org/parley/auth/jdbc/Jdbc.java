package org.parley.auth.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.parley.auth.http.StoreUnavailableException;

/**
 * The JDBC stores' queries: a statement on a connection of its own, its rows mapped, closed in any
 * case, and a database failure turned into {@link StoreUnavailableException} (503).
 */
public final class Jdbc {

    private static final String UNIQUE_VIOLATION = "23505";

    /** Sets a statement's parameters. */
    @FunctionalInterface
    public interface Parameters {
        void set(PreparedStatement statement) throws SQLException;
    }

    /** One row as a value; it reads the current row only. */
    @FunctionalInterface
    public interface RowMapper<T> {
        T map(ResultSet row) throws SQLException;
    }

    /** Statements run in one transaction. */
    @FunctionalInterface
    public interface Transaction<T> {
        T run(Connection connection) throws SQLException;
    }

    private Jdbc() {}

    /**
     * Runs {@code transaction} on a connection of its own: committed when it returns, rolled back
     * when it throws (a {@link RuntimeException} passes through as it is).
     */
    public static <T> T inTransaction(
            DataSource dataSource, Transaction<T> transaction, String failure) {
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                T result = transaction.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new StoreUnavailableException(failure, e);
        }
    }

    /**
     * Every row of {@code sql}, in order.
     *
     * @param failure what could not be done, for the {@link StoreUnavailableException}
     */
    public static <T> List<T> list(
            DataSource dataSource,
            String sql,
            Parameters parameters,
            RowMapper<T> mapper,
            String failure) {
        return query(
                dataSource,
                sql,
                parameters,
                rows -> {
                    List<T> list = new ArrayList<>();
                    while (rows.next()) {
                        list.add(mapper.map(rows));
                    }
                    return list;
                },
                failure);
    }

    /** The first row of {@code sql}, if there is one. */
    public static <T> Optional<T> first(
            DataSource dataSource,
            String sql,
            Parameters parameters,
            RowMapper<T> mapper,
            String failure) {
        return query(
                dataSource,
                sql,
                parameters,
                rows -> rows.next() ? Optional.of(mapper.map(rows)) : Optional.empty(),
                failure);
    }

    /** Runs an {@code INSERT}, {@code UPDATE} or {@code DELETE}; returns how many rows changed. */
    public static int update(
            DataSource dataSource, String sql, Parameters parameters, String failure) {
        try {
            return run(dataSource, sql, parameters, PreparedStatement::executeUpdate);
        } catch (SQLException e) {
            throw new StoreUnavailableException(failure, e);
        }
    }

    /**
     * Runs an {@code INSERT}; false when a row with the same unique key exists. The unique
     * constraint, not a prior {@code SELECT}, decides a race between two inserts.
     */
    public static boolean insertIfNew(
            DataSource dataSource, String sql, Parameters parameters, String failure) {
        try {
            run(dataSource, sql, parameters, PreparedStatement::executeUpdate);
            return true;
        } catch (SQLException e) {
            if (isUniqueViolation(e)) {
                return false;
            }
            throw new StoreUnavailableException(failure, e);
        }
    }

    /** Reads a query's result. */
    @FunctionalInterface
    private interface ResultReader<T> {
        T read(ResultSet rows) throws SQLException;
    }

    private static <T> T query(
            DataSource dataSource,
            String sql,
            Parameters parameters,
            ResultReader<T> reader,
            String failure) {
        try {
            return run(
                    dataSource,
                    sql,
                    parameters,
                    statement -> {
                        try (ResultSet rows = statement.executeQuery()) {
                            return reader.read(rows);
                        }
                    });
        } catch (SQLException e) {
            throw new StoreUnavailableException(failure, e);
        }
    }

    /** What to do with a prepared statement whose parameters are set. */
    @FunctionalInterface
    private interface Execution<T> {
        T execute(PreparedStatement statement) throws SQLException;
    }

    /** Prepares {@code sql} on a connection of its own, sets its parameters, executes it. */
    private static <T> T run(
            DataSource dataSource, String sql, Parameters parameters, Execution<T> execution)
            throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            parameters.set(statement);
            return execution.execute(statement);
        }
    }

    /** PostgreSQL's unique_violation. */
    public static boolean isUniqueViolation(SQLException e) {
        return UNIQUE_VIOLATION.equals(e.getSQLState());
    }

    /** The single number a {@code SELECT count(*) ...} returns. */
    public static long count(DataSource dataSource, String sql, String failure) {
        return first(dataSource, sql, statement -> {}, row -> row.getLong(1), failure)
                .orElseThrow();
    }

    /** A timestamp parameter, as the {@code timestamptz} columns take it. */
    public static OffsetDateTime timestamp(Instant at) {
        return OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
    }

    /** A NOT NULL timestamp column. */
    public static Instant requiredInstant(ResultSet row, int column) throws SQLException {
        return Objects.requireNonNull(instant(row, column), "a NOT NULL column");
    }

    public static @Nullable Instant instant(ResultSet row, int column) throws SQLException {
        OffsetDateTime value = row.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
