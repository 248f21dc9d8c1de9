package dev.certpilot.jdbc;

import dev.certpilot.jdbc.testdb.TestDatabase;
import dev.certpilot.jdbc.testdb.TestDatabases;

class MariaDbFaultsTest extends FaultsTest {

    @Override
    TestDatabase database() {
        return TestDatabases.mariaDb();
    }
}
