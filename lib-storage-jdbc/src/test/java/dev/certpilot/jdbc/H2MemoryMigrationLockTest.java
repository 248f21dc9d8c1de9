package dev.certpilot.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.certpilot.jdbc.internal.MigrationLock;
import dev.certpilot.jdbc.internal.SqlDialect;
import dev.certpilot.jdbc.internal.Tables;
import dev.certpilot.jdbc.testdb.TestDatabase;
import dev.certpilot.jdbc.testdb.TestDatabases;
import java.sql.Connection;
import java.time.Clock;
import org.junit.jupiter.api.Test;

class H2MemoryMigrationLockTest extends MigrationLockTest {

    @Override
    TestDatabase database() {
        return TestDatabases.h2Memory();
    }

    @Test
    void aLockRowLeftByACrashedProcessIsTakenOverAfterTheTimeout() throws Exception {
        Tables tables = new Tables(Prefixes.fresh("stale"));
        Clock clock = Clock.systemUTC();
        long abandoned = clock.millis() - MigrationLock.TIMEOUT.toMillis() - 1;
        database().execute("CREATE TABLE " + tables.schemaLock() + " (id INT NOT NULL PRIMARY KEY,"
                        + " owner VARCHAR(64) NOT NULL, locked_at BIGINT NOT NULL)",
                "INSERT INTO " + tables.schemaLock() + " VALUES (1, 'crashed', " + abandoned + ")");
        MigrationLock lock = new MigrationLock(new SqlDialect(database().dialect()), tables, clock);
        try (Connection c = database().primary().getConnection()) {
            lock.acquire(c);
            lock.release(c);
        }
        try (Connection c = database().primary().getConnection();
             var rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM " + tables.schemaLock())) {
            rs.next();
            assertThat(rs.getInt(1)).isZero();
        }
    }
}
