package dev.certpilot.jdbc;

import dev.certpilot.jdbc.testdb.TestDatabase;
import dev.certpilot.jdbc.testdb.TestDatabases;

class PostgresKeysAtRestTest extends KeysAtRestTest {

    @Override
    TestDatabase database() {
        return TestDatabases.postgres();
    }
}
