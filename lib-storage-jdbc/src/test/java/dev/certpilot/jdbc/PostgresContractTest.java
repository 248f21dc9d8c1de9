package dev.certpilot.jdbc;

import dev.certpilot.jdbc.testdb.TestDatabase;
import dev.certpilot.jdbc.testdb.TestDatabases;

class PostgresContractTest extends JdbcContractTest {

    @Override
    TestDatabase database() {
        return TestDatabases.postgres();
    }
}
