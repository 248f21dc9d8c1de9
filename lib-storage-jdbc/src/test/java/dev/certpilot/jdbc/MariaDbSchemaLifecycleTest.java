package dev.certpilot.jdbc;

import dev.certpilot.jdbc.testdb.TestDatabase;
import dev.certpilot.jdbc.testdb.TestDatabases;

class MariaDbSchemaLifecycleTest extends SchemaLifecycleTest {

    @Override
    TestDatabase database() {
        return TestDatabases.mariaDb();
    }
}
