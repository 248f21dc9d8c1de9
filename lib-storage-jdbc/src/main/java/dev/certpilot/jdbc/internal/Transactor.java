package dev.certpilot.jdbc.internal;

import dev.certpilot.CertpilotException;
import dev.certpilot.ErrorCode;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * Borrows connections from the {@link DataSource}, runs work in explicit transactions and always gives the
 * connection back. Write transactions run at READ COMMITTED (the store's locking relies on it: conditional
 * updates re-read the latest committed row); reads run as single auto-committed statements.
 *
 * <p>Any failure rolls the transaction back and surfaces as a {@link CertpilotException}; a failure of the commit
 * itself is reported as an unknown outcome (the database may or may not have applied it, but never in part).
 */
public final class Transactor {

    private final DataSource dataSource;
    private final SqlDialect dialect;
    private final boolean readCommittedByDefault;

    /** A transactor over a data source that sets READ COMMITTED on every write transaction. */
    public Transactor(DataSource dataSource, SqlDialect dialect) {
        this(dataSource, dialect, false);
    }

    /**
     * A transactor over a data source.
     *
     * @param readCommittedByDefault whether the data source's connections start their transactions READ COMMITTED
     *                               (checked once by the store's builder): then no statement is spent setting it;
     *                               on PostgreSQL that statement was about a third of the store's time per commit
     */
    public Transactor(DataSource dataSource, SqlDialect dialect, boolean readCommittedByDefault) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.readCommittedByDefault = readCommittedByDefault;
    }

    /**
     * Whether the data source's connections start their transactions READ COMMITTED anyway (PostgreSQL's and H2's
     * default; MariaDB/MySQL when the pool or the server is configured so). Connections of one data source are set
     * up alike, so one is asked.
     */
    public static boolean startsReadCommitted(DataSource dataSource) {
        try (Connection c = dataSource.getConnection()) {
            return c.getTransactionIsolation() == Connection.TRANSACTION_READ_COMMITTED;
        } catch (SQLException e) {
            throw SqlErrors.translate("reading the default transaction isolation", e);
        }
    }

    /** Runs {@code work} in one READ COMMITTED transaction and commits it. */
    public <T> T inTransaction(String operation, SqlWork<T> work) {
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            try {
                if (autoCommit) {
                    c.setAutoCommit(false);
                } else {
                    // a pool without auto-commit may hand out a connection inside an implicit transaction (from its
                    // validation query); end it, so the isolation level below applies to our transaction
                    c.rollback();
                }
                beginReadCommitted(c);
                T result;
                try {
                    result = work.run(c);
                } catch (SQLException | RuntimeException | Error e) {
                    rollbackQuietly(c, e);
                    throw e;
                }
                commit(c, operation);
                return result;
            } finally {
                restoreAutoCommit(c, autoCommit);
            }
        } catch (SQLException e) {
            throw SqlErrors.translate(operation, e);
        }
    }

    /** Runs {@code work} on a connection in auto-commit mode (single statements, each its own transaction). */
    public <T> T autoCommit(String operation, SqlWork<T> work) {
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            if (!autoCommit) {
                c.setAutoCommit(true);
            }
            try {
                return work.run(c);
            } finally {
                restoreAutoCommit(c, autoCommit);
            }
        } catch (SQLException e) {
            throw SqlErrors.translate(operation, e);
        }
    }

    private void beginReadCommitted(Connection c) throws SQLException {
        if (readCommittedByDefault) {
            return;
        }
        String sql = dialect.beginReadCommitted();
        if (sql == null) {
            if (c.getTransactionIsolation() != Connection.TRANSACTION_READ_COMMITTED) {
                c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            }
            return;
        }
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static void commit(Connection c, String operation) {
        try {
            c.commit();
        } catch (SQLException e) {
            rollbackQuietly(c, e);
            throw new CertpilotException(ErrorCode.STORE_ERROR, operation
                    + " failed while committing; the database applied all of it or none: " + SqlErrors.describe(e), e);
        }
    }

    private static void rollbackQuietly(Connection c, Throwable cause) {
        try {
            c.rollback();
        } catch (SQLException | RuntimeException e) {
            cause.addSuppressed(e);
        }
    }

    private static void restoreAutoCommit(Connection c, boolean autoCommit) {
        try {
            if (!c.isClosed() && c.getAutoCommit() != autoCommit) {
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            // the connection is broken; closing it returns it to its pool, which discards it
        }
    }
}
