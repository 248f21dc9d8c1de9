package dev.certpilot.jdbc;

import dev.certpilot.jdbc.testdb.TestDatabase;
import dev.certpilot.jdbc.testdb.TestDatabases;

class H2FileKeysAtRestTest extends KeysAtRestTest {

    @Override
    TestDatabase database() {
        return TestDatabases.h2File();
    }
}
