package dev.certpilot.jdbc;

/**
 * The SQL dialects {@link JdbcCertificateStore} speaks. Detected from {@link java.sql.DatabaseMetaData} unless set
 * with {@link JdbcCertificateStoreBuilder#dialect(Dialect)}.
 *
 * <p>Each dialect ships its DDL as classpath resources {@code db/certpilot/<directory>/V<n>__<description>.sql}
 * (see {@link #scriptDirectory()}).
 */
public enum Dialect {
    /** H2 2.x, in memory or in a file (embedded, or server mode). Jobs are claimed with conditional updates. */
    H2("h2"),
    /** PostgreSQL 12 or newer. Jobs are claimed with {@code SELECT ... FOR UPDATE SKIP LOCKED}. */
    POSTGRESQL("postgresql"),
    /** MariaDB 10.6 or newer. Jobs are claimed with {@code SELECT ... FOR UPDATE SKIP LOCKED}. */
    MARIADB("mariadb"),
    /**
     * MySQL 8.0.1 or newer: uses the MariaDB scripts, written in the subset both servers understand, and
     * {@code SKIP LOCKED}. Not covered by this build's tests (no MySQL server is available to them).
     */
    MYSQL("mariadb");

    private final String scriptDirectory;

    Dialect(String scriptDirectory) {
        this.scriptDirectory = scriptDirectory;
    }

    /** The directory under {@code db/certpilot/} that holds this dialect's DDL scripts. */
    public String scriptDirectory() {
        return scriptDirectory;
    }
}
