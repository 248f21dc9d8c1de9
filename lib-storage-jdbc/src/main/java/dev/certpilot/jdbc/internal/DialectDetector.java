package dev.certpilot.jdbc.internal;

import dev.certpilot.CertpilotException;
import dev.certpilot.ErrorCode;
import dev.certpilot.jdbc.Dialect;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Optional;

/** Finds the {@link Dialect} of a database from its JDBC metadata. */
public final class DialectDetector {

    private DialectDetector() {
    }

    /**
     * The dialect of a database product.
     *
     * @param productName    {@link DatabaseMetaData#getDatabaseProductName()}
     * @param productVersion {@link DatabaseMetaData#getDatabaseProductVersion()}; MariaDB reached through a MySQL
     *                       driver says "MySQL" but names itself in the version ({@code 5.5.5-10.11.6-MariaDB})
     * @return the dialect, or empty for a database certpilot does not support
     */
    public static Optional<Dialect> of(String productName, String productVersion) {
        String p = productName == null ? "" : productName.toLowerCase(Locale.ROOT);
        String v = productVersion == null ? "" : productVersion.toLowerCase(Locale.ROOT);
        if (p.contains("h2")) {
            return Optional.of(Dialect.H2);
        } else if (p.contains("postgres")) {
            return Optional.of(Dialect.POSTGRESQL);
        } else if (p.contains("mariadb") || (p.contains("mysql") && v.contains("mariadb"))) {
            return Optional.of(Dialect.MARIADB);
        } else if (p.contains("mysql")) {
            return Optional.of(Dialect.MYSQL);
        }
        return Optional.empty();
    }

    /**
     * The dialect of the database a connection talks to.
     *
     * @throws CertpilotException {@code STORE_ERROR} for an unsupported database
     */
    public static Dialect detect(Connection connection) throws SQLException {
        DatabaseMetaData meta = connection.getMetaData();
        String name = meta.getDatabaseProductName();
        String version = meta.getDatabaseProductVersion();
        return of(name, version).orElseThrow(() -> new CertpilotException(ErrorCode.STORE_ERROR,
                "unsupported database '" + name + " " + version + "': certpilot's JDBC store supports H2, "
                        + "PostgreSQL, MariaDB and MySQL; set the dialect explicitly if this one is compatible"));
    }
}
