package dev.certpilot.jdbc.internal;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * A unit of work on one connection.
 *
 * @param <T> what it returns
 */
@FunctionalInterface
public interface SqlWork<T> {

    /** Runs the work; the caller owns the connection and the transaction. */
    T run(Connection connection) throws SQLException;
}
