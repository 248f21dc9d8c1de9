package dev.certpilot.jdbc;

import dev.certpilot.jdbc.testdb.TestDatabase;
import dev.certpilot.jdbc.testdb.TestDatabases;

class PostgresSchemaLifecycleTest extends SchemaLifecycleTest {

    @Override
    TestDatabase database() {
        return TestDatabases.postgres();
    }
}
