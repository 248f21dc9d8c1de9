package dev.certpilot.jdbc;

import dev.certpilot.jdbc.testdb.TestDatabase;
import dev.certpilot.jdbc.testdb.TestDatabases;

class MariaDbKeysAtRestTest extends KeysAtRestTest {

    @Override
    TestDatabase database() {
        return TestDatabases.mariaDb();
    }
}
