package dev.certpilot.jdbc;

import dev.certpilot.jdbc.testdb.TestDatabase;
import dev.certpilot.jdbc.testdb.TestDatabases;

class H2MemorySchemaLifecycleTest extends SchemaLifecycleTest {

    @Override
    TestDatabase database() {
        return TestDatabases.h2Memory();
    }
}
