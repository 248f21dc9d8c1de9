package dev.certpilot.jdbc.engine;

import dev.certpilot.jdbc.testdb.TestDatabases;
import java.nio.file.Path;

/** {@link KillAndResumeTest} on the module's embedded PostgreSQL, under a table prefix of its own. */
class PostgresKillAndResumeTest extends KillAndResumeTest {

    @Override
    String database() {
        return "postgres";
    }

    @Override
    String jdbcUrl(Path workDir) {
        return TestDatabases.postgres().jdbcUrl();
    }
}
