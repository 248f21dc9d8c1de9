package dev.certpilot.jdbc;

import dev.certpilot.jdbc.testdb.TestDatabase;
import dev.certpilot.jdbc.testdb.TestDatabases;

class PostgresFaultsTest extends FaultsTest {

    @Override
    TestDatabase database() {
        return TestDatabases.postgres();
    }
}
