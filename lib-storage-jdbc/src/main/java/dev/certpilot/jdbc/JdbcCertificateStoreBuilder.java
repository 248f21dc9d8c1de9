package dev.certpilot.jdbc;

import dev.certpilot.CertpilotException;
import dev.certpilot.ErrorCode;
import dev.certpilot.jdbc.internal.DialectDetector;
import dev.certpilot.jdbc.internal.H2Durability;
import dev.certpilot.jdbc.internal.SchemaMigrator;
import dev.certpilot.jdbc.internal.SchemaScripts;
import dev.certpilot.jdbc.internal.SqlDialect;
import dev.certpilot.jdbc.internal.SqlErrors;
import dev.certpilot.jdbc.internal.Tables;
import dev.certpilot.jdbc.internal.Transactor;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.Objects;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Configures and builds a {@link JdbcCertificateStore}; made by {@link JdbcCertificateStore#builder(DataSource)}.
 *
 * <p>{@link #build()} talks to the database once: it detects the dialect (unless set), checks the schema version
 * and, with {@link #createSchemaIfMissing(boolean)}, creates or upgrades the schema. On H2 it logs a warning when
 * the database writes commits late ({@code WRITE_DELAY} above 0, H2's default for files): a killed process would
 * lose its last checkpoints. Not thread-safe.
 */
public final class JdbcCertificateStoreBuilder {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcCertificateStore.class);

    /** The default table prefix. */
    public static final String DEFAULT_TABLE_PREFIX = "certpilot_";

    private final DataSource dataSource;
    private Dialect dialect;
    private String tablePrefix = DEFAULT_TABLE_PREFIX;
    private boolean createSchemaIfMissing;
    private Clock clock = Clock.systemUTC();

    JdbcCertificateStoreBuilder(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    /** Sets the dialect instead of detecting it from {@link java.sql.DatabaseMetaData}. */
    public JdbcCertificateStoreBuilder dialect(Dialect dialect) {
        this.dialect = Objects.requireNonNull(dialect, "dialect");
        return this;
    }

    /**
     * Sets the prefix of every table and index name: 1 to 30 lower-case letters, digits or underscores, starting
     * with a letter. Default {@value #DEFAULT_TABLE_PREFIX}.
     */
    public JdbcCertificateStoreBuilder tablePrefix(String tablePrefix) {
        this.tablePrefix = new Tables(tablePrefix).prefix();
        return this;
    }

    /**
     * Whether {@link #build()} creates a missing schema and upgrades an old one by running the shipped scripts
     * (under a lock, so instances starting together do not collide). Default {@code false}: the schema must
     * already be at {@link JdbcCertificateStore#SCHEMA_VERSION}, e.g. created with Flyway or Liquibase.
     */
    public JdbcCertificateStoreBuilder createSchemaIfMissing(boolean createSchemaIfMissing) {
        this.createSchemaIfMissing = createSchemaIfMissing;
        return this;
    }

    /** Sets the clock for the store's own bookkeeping (the H2 migration lock). Default: the system clock. */
    public JdbcCertificateStoreBuilder clock(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        return this;
    }

    /**
     * Builds the store.
     *
     * @throws CertpilotException {@code STORE_ERROR} when the database cannot be reached, is not supported, or its
     *                            schema is missing, older (without {@code createSchemaIfMissing}) or newer than
     *                            this certpilot's; {@code INVALID_REQUEST} for a bad table prefix
     */
    public JdbcCertificateStore build() {
        Tables tables = new Tables(tablePrefix);
        SqlDialect sql = new SqlDialect(dialect != null ? dialect : detect());
        if (sql.dialect() == Dialect.POSTGRESQL) {
            checkPostgresEncoding();
        } else if (sql.dialect() == Dialect.H2) {
            warnIfCommitsAreDelayed();
        }
        new SchemaMigrator(dataSource, sql, tables, clock).ensure(createSchemaIfMissing, SchemaScripts.LATEST);
        return new JdbcCertificateStore(dataSource, sql, tables, Transactor.startsReadCommitted(dataSource));
    }

    private Dialect detect() {
        try (Connection c = dataSource.getConnection()) {
            return DialectDetector.detect(c);
        } catch (SQLException e) {
            throw SqlErrors.translate("detecting the database dialect", e);
        }
    }

    /** H2 file databases write commits late by default: a killed process loses them (see {@link H2Durability}). */
    private void warnIfCommitsAreDelayed() {
        try (Connection c = dataSource.getConnection()) {
            H2Durability.commitDelayWarning(c).ifPresent(LOG::warn);
        } catch (SQLException e) {
            throw SqlErrors.translate("reading H2's WRITE_DELAY setting", e);
        }
    }

    /** Text columns must hold any Unicode: a database created as SQL_ASCII or LATIN1 cannot. */
    private void checkPostgresEncoding() {
        try (Connection c = dataSource.getConnection();
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SHOW server_encoding")) {
            rs.next();
            String encoding = rs.getString(1);
            if (!"UTF8".equalsIgnoreCase(encoding)) {
                throw new CertpilotException(ErrorCode.STORE_ERROR, "the PostgreSQL database is encoded as "
                        + encoding + "; certpilot needs a UTF8 database (CREATE DATABASE ... ENCODING 'UTF8')");
            }
        } catch (SQLException e) {
            throw SqlErrors.translate("checking the PostgreSQL server encoding", e);
        }
    }
}
