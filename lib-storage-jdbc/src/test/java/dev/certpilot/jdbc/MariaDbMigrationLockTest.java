package dev.certpilot.jdbc;

import dev.certpilot.jdbc.testdb.TestDatabase;
import dev.certpilot.jdbc.testdb.TestDatabases;

class MariaDbMigrationLockTest extends MigrationLockTest {

    @Override
    TestDatabase database() {
        return TestDatabases.mariaDb();
    }
}
