package dev.certpilot.jdbc;

import dev.certpilot.jdbc.testdb.TestDatabase;
import dev.certpilot.jdbc.testdb.TestDatabases;

class MariaDbContractTest extends JdbcContractTest {

    @Override
    TestDatabase database() {
        return TestDatabases.mariaDb();
    }
}
