package dev.certpilot.jdbc;

import dev.certpilot.jdbc.testdb.TestDatabase;
import dev.certpilot.jdbc.testdb.TestDatabases;

class PostgresStoreBehaviourTest extends StoreBehaviourTest {

    @Override
    TestDatabase database() {
        return TestDatabases.postgres();
    }
}
