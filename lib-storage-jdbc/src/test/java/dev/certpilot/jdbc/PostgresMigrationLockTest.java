package dev.certpilot.jdbc;

import dev.certpilot.jdbc.testdb.TestDatabase;
import dev.certpilot.jdbc.testdb.TestDatabases;

class PostgresMigrationLockTest extends MigrationLockTest {

    @Override
    TestDatabase database() {
        return TestDatabases.postgres();
    }
}
