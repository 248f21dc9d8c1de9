package dev.certpilot.jdbc;

import dev.certpilot.jdbc.testdb.TestDatabase;
import dev.certpilot.jdbc.testdb.TestDatabases;

class H2FileContractTest extends JdbcContractTest {

    @Override
    TestDatabase database() {
        return TestDatabases.h2File();
    }
}
