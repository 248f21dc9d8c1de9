package dev.certpilot.jdbc.internal;

import dev.certpilot.CertpilotException;
import dev.certpilot.ErrorCode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import javax.sql.DataSource;

/**
 * Checks the schema version and, on request, creates or upgrades the schema by running the shipped scripts in
 * order under a {@link MigrationLock}. Each script records its own version in {@code <prefix>schema_version}, so
 * the table is right whichever tool (this class, Flyway, Liquibase, a DBA) ran the scripts.
 */
public final class SchemaMigrator {

    private final DataSource dataSource;
    private final SqlDialect dialect;
    private final Tables tables;
    private final Clock clock;

    /** A migrator for the schema of {@code tables}. */
    public SchemaMigrator(DataSource dataSource, SqlDialect dialect, Tables tables, Clock clock) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.tables = tables;
        this.clock = clock;
    }

    /**
     * Makes sure the schema is at {@code target} (normally {@link SchemaScripts#LATEST}).
     *
     * @param create whether to run missing scripts; if not, an older schema is an error
     * @return the version the schema is at now
     * @throws CertpilotException {@code STORE_ERROR} when the schema is newer than this certpilot knows, older
     *                            and {@code create} is off, or a script fails
     */
    public int ensure(boolean create, int target) {
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            try {
                c.setAutoCommit(true);
                int current = checked(currentVersion(c));
                if (current >= target) {
                    return current;
                }
                if (!create) {
                    throw new CertpilotException(ErrorCode.STORE_ERROR, "the schema of tables '" + tables.prefix()
                            + "*' is at version " + current + ", this certpilot needs version " + target + ": run the"
                            + " scripts in db/certpilot/" + dialect.dialect().scriptDirectory() + "/ after V"
                            + current + " (see the README), or build the store with createSchemaIfMissing(true)");
                }
                return migrate(c, target);
            } finally {
                restoreAutoCommit(c, autoCommit);
            }
        } catch (SQLException e) {
            throw SqlErrors.translate("schema migration of tables '" + tables.prefix() + "*'", e);
        }
    }

    /** The version the schema is at: 0 when there is no schema version table. */
    public int currentVersion(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(dialect.tableExistsQuery())) {
            ps.setString(1, tables.schemaVersion());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || rs.getInt(1) == 0) {
                    return 0;
                }
            }
        }
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT MAX(version) FROM " + tables.schemaVersion())) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    private int migrate(Connection c, int target) throws SQLException {
        MigrationLock lock = new MigrationLock(dialect, tables, clock);
        boolean transactional = dialect.hasTransactionalDdl();
        if (transactional) {
            c.setAutoCommit(false);
        }
        try {
            lock.acquire(c);
            try {
                int current = checked(currentVersion(c));
                for (SchemaScripts.Script script : SchemaScripts.ALL) {
                    if (script.version() > current && script.version() <= target) {
                        run(c, script);
                    }
                }
                int reached = currentVersion(c);
                if (transactional) {
                    c.commit();
                }
                return reached;
            } finally {
                if (!transactional) {
                    lock.release(c);
                }
            }
        } catch (SQLException | RuntimeException e) {
            if (transactional) {
                c.rollback();
            }
            throw e;
        }
    }

    private void run(Connection c, SchemaScripts.Script script) throws SQLException {
        String path = SchemaScripts.resource(dialect.dialect(), script);
        for (String sql : SchemaScripts.statements(dialect.dialect(), script, tables.prefix())) {
            try (Statement s = c.createStatement()) {
                s.execute(sql);
            } catch (SQLException e) {
                throw new CertpilotException(ErrorCode.STORE_ERROR, "schema script " + path + " failed at \""
                        + firstLine(sql) + "\": " + SqlErrors.describe(e), e);
            }
        }
    }

    private int checked(int current) {
        if (current > SchemaScripts.LATEST) {
            throw new CertpilotException(ErrorCode.STORE_ERROR, "the schema of tables '" + tables.prefix()
                    + "*' is at version " + current + ", written by a newer certpilot; this version knows schema"
                    + " versions up to " + SchemaScripts.LATEST
                    + ". Upgrade certpilot (downgrades are not supported).");
        }
        return current;
    }

    private static String firstLine(String sql) {
        int nl = sql.indexOf('\n');
        return nl < 0 ? sql : sql.substring(0, nl) + " ...";
    }

    private static void restoreAutoCommit(Connection c, boolean autoCommit) {
        try {
            c.setAutoCommit(autoCommit);
        } catch (SQLException e) {
            // a broken connection: closing it hands it back to its pool, which discards it
        }
    }
}
