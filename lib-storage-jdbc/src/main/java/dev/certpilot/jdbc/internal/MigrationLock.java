package dev.certpilot.jdbc.internal;

import dev.certpilot.CertpilotException;
import dev.certpilot.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.UUID;

/**
 * Makes concurrent migrations of one schema (same database, same table prefix) wait for each other.
 * <ul>
 *   <li>PostgreSQL: {@code pg_advisory_xact_lock}, held by the migration's transaction (DDL is transactional there,
 *       so the whole migration commits or rolls back as one and the lock goes with it).</li>
 *   <li>MariaDB/MySQL: {@code GET_LOCK}, a named lock of the session; the server drops it if the session dies.</li>
 *   <li>H2: a row in {@code <prefix>schema_lock}, inserted to take the lock and deleted to release it; a row older
 *       than {@link #TIMEOUT} is taken to be left by a crashed process and removed.</li>
 * </ul>
 */
public final class MigrationLock {

    /** How long to wait for another instance's migration, and when an H2 lock row counts as abandoned. */
    public static final Duration TIMEOUT = Duration.ofMinutes(2);

    private static final long POLL_MILLIS = 25;

    private final SqlDialect dialect;
    private final Tables tables;
    private final Clock clock;
    private final String owner = UUID.randomUUID().toString();

    /** A lock for the schema of {@code tables}. */
    public MigrationLock(SqlDialect dialect, Tables tables, Clock clock) {
        this.dialect = dialect;
        this.tables = tables;
        this.clock = clock;
    }

    /** Takes the lock, waiting at most {@link #TIMEOUT}. On PostgreSQL the connection must be in a transaction. */
    public void acquire(Connection c) throws SQLException {
        switch (dialect.dialect()) {
            case POSTGRESQL -> {
                try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
                    ps.setLong(1, key(c));
                    ps.execute();
                }
            }
            case MARIADB, MYSQL -> {
                try (PreparedStatement ps = c.prepareStatement("SELECT GET_LOCK(?, ?)")) {
                    ps.setString(1, name(c));
                    ps.setLong(2, TIMEOUT.toSeconds());
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        if (rs.getInt(1) != 1) {
                            throw timedOut();
                        }
                    }
                }
            }
            case H2 -> acquireRow(c);
        }
    }

    /** Releases the lock (PostgreSQL: a no-op, the transaction's end releases it). */
    public void release(Connection c) throws SQLException {
        switch (dialect.dialect()) {
            case POSTGRESQL -> {
            }
            case MARIADB, MYSQL -> {
                try (PreparedStatement ps = c.prepareStatement("SELECT RELEASE_LOCK(?)")) {
                    ps.setString(1, name(c));
                    ps.execute();
                }
            }
            case H2 -> {
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + tables.schemaLock()
                        + " WHERE id = 1 AND owner = ?")) {
                    ps.setString(1, owner);
                    ps.executeUpdate();
                }
            }
        }
    }

    private void acquireRow(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS " + tables.schemaLock() + " (id INT NOT NULL PRIMARY KEY,"
                    + " owner VARCHAR(64) NOT NULL, locked_at BIGINT NOT NULL)");
        }
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + tables.schemaLock()
                    + " (id, owner, locked_at) VALUES (1, ?, ?)")) {
                ps.setString(1, owner);
                ps.setLong(2, clock.millis());
                ps.executeUpdate();
                return;
            } catch (SQLException e) {
                if (!SqlErrors.isUniqueViolation(e)) {
                    throw e;
                }
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + tables.schemaLock()
                    + " WHERE id = 1 AND locked_at < ?")) {
                ps.setLong(1, clock.millis() - TIMEOUT.toMillis());
                ps.executeUpdate();
            }
            if (System.nanoTime() > deadline) {
                throw timedOut();
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CertpilotException(ErrorCode.STORE_ERROR, "interrupted while waiting for the schema"
                        + " migration lock in " + tables.schemaLock(), e);
            }
        }
    }

    private CertpilotException timedOut() {
        return new CertpilotException(ErrorCode.STORE_ERROR, "another instance held the schema migration lock for"
                + " tables '" + tables.prefix() + "*' longer than " + TIMEOUT.toSeconds() + " s");
    }

    /** PostgreSQL advisory lock key: from the schema and the prefix. */
    private long key(Connection c) throws SQLException {
        byte[] h = digest(c.getSchema() + "/" + tables.prefix());
        long k = 0;
        for (int i = 0; i < 8; i++) {
            k = (k << 8) | (h[i] & 0xFF);
        }
        return k;
    }

    /** MariaDB lock name (server-wide, at most 64 characters): from the database and the prefix. */
    private String name(Connection c) throws SQLException {
        return "certpilot-schema-" + HexFormat.of().formatHex(digest(c.getCatalog() + "/" + tables.prefix()), 0, 16);
    }

    private static byte[] digest(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from the JDK", e);
        }
    }
}
