package dev.certpilot.jdbc.internal;

import dev.certpilot.jdbc.Dialect;

/**
 * What differs between the databases, in one place: how a READ COMMITTED transaction is started, how jobs are
 * claimed, how the presence of a table is checked and how schema migrations are locked.
 */
public final class SqlDialect {

    private final Dialect dialect;

    /** The SQL of a dialect. */
    public SqlDialect(Dialect dialect) {
        this.dialect = dialect;
    }

    /** The dialect. */
    public Dialect dialect() {
        return dialect;
    }

    /**
     * A statement that makes the transaction about to start READ COMMITTED without changing the session (so
     * nothing needs restoring before the connection goes back to its pool), or {@code null} to use
     * {@link java.sql.Connection#setTransactionIsolation} (H2, where that is a local call).
     */
    public String beginReadCommitted() {
        return dialect == Dialect.H2 ? null : "SET TRANSACTION ISOLATION LEVEL READ COMMITTED";
    }

    /**
     * How a counter is incremented and read back in one round trip: {@code UPDATE ... RETURNING} (PostgreSQL), a
     * data change delta table {@code SELECT ... FROM FINAL TABLE (UPDATE ...)} (H2), {@code LAST_INSERT_ID(expr)},
     * which the server reports with the update count (MariaDB/MySQL).
     */
    public CounterRead counterRead() {
        return switch (dialect) {
            case POSTGRESQL -> CounterRead.UPDATE_RETURNING;
            case H2 -> CounterRead.FINAL_TABLE;
            case MARIADB, MYSQL -> CounterRead.LAST_INSERT_ID;
        };
    }

    /** The ways {@link #counterRead} names. */
    public enum CounterRead {
        /** {@code UPDATE ... RETURNING column}. */
        UPDATE_RETURNING,
        /** {@code SELECT column FROM FINAL TABLE (UPDATE ...)}. */
        FINAL_TABLE,
        /** {@code UPDATE ... SET column = LAST_INSERT_ID(expr)}, read as the statement's generated key. */
        LAST_INSERT_ID
    }

    /** Whether {@code SELECT ... FOR UPDATE SKIP LOCKED} claims jobs (else: conditional updates per candidate). */
    public boolean hasSkipLocked() {
        return dialect != Dialect.H2;
    }

    /** Whether DDL is transactional, so a whole migration commits or rolls back as one. */
    public boolean hasTransactionalDdl() {
        return dialect == Dialect.POSTGRESQL;
    }

    /** A query with one parameter, a table name, answering one row with a count that is positive if it exists. */
    public String tableExistsQuery() {
        return switch (dialect) {
            case POSTGRESQL -> "SELECT CASE WHEN to_regclass(?) IS NULL THEN 0 ELSE 1 END";
            case H2 -> "SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = CURRENT_SCHEMA"
                    + " AND LOWER(TABLE_NAME) = ?";
            case MARIADB, MYSQL -> "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE()"
                    + " AND table_name = ?";
        };
    }

    /** The dialect's name. */
    @Override
    public String toString() {
        return dialect.name();
    }
}
