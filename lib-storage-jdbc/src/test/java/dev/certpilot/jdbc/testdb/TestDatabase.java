package dev.certpilot.jdbc.testdb;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.certpilot.jdbc.Dialect;
import dev.certpilot.jdbc.JdbcCertificateStore;
import dev.certpilot.jdbc.internal.Tables;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * A database the tests run against, started once per test JVM, with two independent connection pools (as two
 * application instances would have them). Pools are closed when the JVM exits.
 */
public abstract class TestDatabase {

    private final List<HikariDataSource> pools = new ArrayList<>();
    private DataSource primary;
    private DataSource second;

    /** A short name for messages, e.g. {@code postgres}. */
    public abstract String name();

    /** The dialect the store should detect. */
    public abstract Dialect dialect();

    /** The JDBC URL (with credentials, never printed by the store). */
    public abstract String jdbcUrl();

    /** The first instance's pool. */
    public synchronized DataSource primary() {
        if (primary == null) {
            primary = newPool("primary", 10);
        }
        return primary;
    }

    /** The second instance's pool: separate connections to the same database. */
    public synchronized DataSource second() {
        if (second == null) {
            second = newPool("second", 10);
        }
        return second;
    }

    /** A new pool of its own; closed at JVM exit (or earlier by the caller). */
    public synchronized HikariDataSource newPool(String name, int size) {
        return newPool(name, size, null);
    }

    /**
     * A new pool of its own whose connections first run {@code connectionInitSql} (session settings such as
     * PostgreSQL's {@code synchronous_commit}); closed at JVM exit (or earlier by the caller).
     */
    public synchronized HikariDataSource newPool(String name, int size, String connectionInitSql) {
        HikariConfig config = new HikariConfig();
        config.setConnectionInitSql(connectionInitSql);
        config.setJdbcUrl(jdbcUrl());
        config.setPoolName(name() + "-" + name);
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(1);
        config.setConnectionTimeout(30_000);
        HikariDataSource pool = new HikariDataSource(config);
        if (pools.isEmpty()) {
            Runtime.getRuntime().addShutdownHook(new Thread(this::closePools));
        }
        pools.add(pool);
        return pool;
    }

    /** A store on the primary pool with the default prefix, schema created, every table emptied. */
    public JdbcCertificateStore emptyStore() {
        JdbcCertificateStore store = store(primary(), "certpilot_");
        emptyTables(new Tables("certpilot_"));
        return store;
    }

    /** A store over a data source with a prefix, creating the schema if missing. */
    public JdbcCertificateStore store(DataSource dataSource, String prefix) {
        return JdbcCertificateStore.builder(dataSource).tablePrefix(prefix).createSchemaIfMissing(true).build();
    }

    /** Deletes every row of every data table under the prefix. */
    public void emptyTables(Tables tables) {
        try (Connection c = primary().getConnection(); Statement s = c.createStatement()) {
            for (String table : tables.dataTables()) {
                s.executeUpdate("DELETE FROM " + table);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("emptying the tables of " + name() + " failed", e);
        }
    }

    /** Runs SQL statements on the primary pool (test setup and inspection). */
    public void execute(String... statements) {
        try (Connection c = primary().getConnection(); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("SQL on " + name() + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * Kills a connection as a network failure would: PostgreSQL and MariaDB end its session on the server (from
     * another connection), H2 closes the physical connection under the pool.
     */
    public void kill(Connection connection) throws SQLException {
        Connection physical = connection.unwrap(Connection.class);
        switch (dialect()) {
            case POSTGRESQL -> execute("SELECT pg_terminate_backend(" + sessionId(physical, "SELECT pg_backend_pid()")
                    + ")");
            case MARIADB, MYSQL -> execute("KILL " + sessionId(physical, "SELECT CONNECTION_ID()"));
            case H2 -> physical.close();
        }
    }

    private static long sessionId(Connection c, String query) throws SQLException {
        try (Statement s = c.createStatement(); java.sql.ResultSet rs = s.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Closes every pool of this database. */
    protected synchronized void closePools() {
        pools.forEach(HikariDataSource::close);
    }

    @Override
    public String toString() {
        return name();
    }
}
