package dev.certpilot.jdbc;

import dev.certpilot.CertificateEvent;
import dev.certpilot.CertificateFilter;
import dev.certpilot.Page;
import dev.certpilot.PageRequest;
import dev.certpilot.jdbc.internal.AccountMapping;
import dev.certpilot.jdbc.internal.ApprovalMapping;
import dev.certpilot.jdbc.internal.CertificateRows;
import dev.certpilot.jdbc.internal.EventRows;
import dev.certpilot.jdbc.internal.JobRows;
import dev.certpilot.jdbc.internal.LeaseRows;
import dev.certpilot.jdbc.internal.SchemaScripts;
import dev.certpilot.jdbc.internal.SqlDialect;
import dev.certpilot.jdbc.internal.Tables;
import dev.certpilot.jdbc.internal.Transactor;
import dev.certpilot.jdbc.internal.VerificationMapping;
import dev.certpilot.jdbc.internal.VersionedRows;
import dev.certpilot.spi.AccountRecord;
import dev.certpilot.spi.ApprovalRecord;
import dev.certpilot.spi.ApprovalStatus;
import dev.certpilot.spi.CertificateRecord;
import dev.certpilot.spi.CertificateStore;
import dev.certpilot.spi.Commit;
import dev.certpilot.spi.DomainVerificationRecord;
import dev.certpilot.spi.JobRecord;
import dev.certpilot.spi.Lease;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * A {@link CertificateStore} in a relational database reached through a {@link DataSource}: H2, PostgreSQL,
 * MariaDB or MySQL. Several application instances (each with its own pool) may share one database: every update
 * is optimistic ({@code UPDATE ... WHERE id = ? AND revision = ?}), {@link #commit} is one transaction, jobs are
 * claimed with {@code SELECT ... FOR UPDATE SKIP LOCKED} (PostgreSQL, MariaDB, MySQL) or conditional updates (H2),
 * and leases are single rows changed by conditional updates.
 *
 * <pre>{@code
 * CertificateStore store = JdbcCertificateStore.builder(dataSource)
 *         .tablePrefix("certpilot_")          // the default
 *         .createSchemaIfMissing(true)        // run the shipped DDL, or leave it to Flyway/Liquibase
 *         .build();
 * }</pre>
 *
 * <p>The store borrows a connection per operation and always returns it; it needs no pool of its own but works
 * best behind one (HikariCP, the application server's). Thread-safe.
 */
public final class JdbcCertificateStore implements CertificateStore {

    /** The schema version this certpilot writes and reads. */
    public static final int SCHEMA_VERSION = SchemaScripts.LATEST;

    private final SqlDialect dialect;
    private final Tables tables;
    private final Transactor tx;
    private final CertificateRows certificates;
    private final JobRows jobs;
    private final EventRows events;
    private final LeaseRows leases;
    private final VersionedRows<AccountRecord> accounts;
    private final VersionedRows<ApprovalRecord> approvals;
    private final VersionedRows<DomainVerificationRecord> verifications;

    JdbcCertificateStore(DataSource dataSource, SqlDialect dialect, Tables tables, boolean readCommittedByDefault) {
        this.dialect = dialect;
        this.tables = tables;
        this.tx = new Transactor(dataSource, dialect, readCommittedByDefault);
        this.certificates = new CertificateRows(tables, dialect.dialect() == Dialect.POSTGRESQL);
        this.jobs = new JobRows(tables);
        this.events = new EventRows(tables, dialect.counterRead());
        this.leases = new LeaseRows(tables);
        this.accounts = new VersionedRows<>(new AccountMapping(tables.account()));
        this.approvals = new VersionedRows<>(new ApprovalMapping(tables.approval()));
        this.verifications = new VersionedRows<>(new VerificationMapping(tables.domainVerification()));
    }

    /**
     * A builder for a store over {@code dataSource}.
     *
     * @param dataSource where connections come from; the store closes every connection it borrows
     */
    public static JdbcCertificateStoreBuilder builder(DataSource dataSource) {
        return new JdbcCertificateStoreBuilder(dataSource);
    }

    /** The dialect in use. */
    public Dialect dialect() {
        return dialect.dialect();
    }

    /** The table prefix in use. */
    public String tablePrefix() {
        return tables.prefix();
    }

    @Override
    public Commit commit(Commit commit) {
        return tx.inTransaction(describe(commit), c -> {
            Optional<CertificateRecord> cert = Optional.empty();
            if (commit.certificate().isPresent()) {
                cert = Optional.of(certificates.save(c, commit.certificate().get()));
            }
            Optional<JobRecord> job = Optional.empty();
            if (commit.job().isPresent()) {
                job = Optional.of(jobs.save(c, commit.job().get()));
            }
            return new Commit(cert, job, events.append(c, commit.events()));
        });
    }

    @Override
    public Optional<CertificateRecord> findCertificate(String id) {
        return tx.autoCommit("reading certificate " + id, c -> certificates.find(c, id));
    }

    @Override
    public Page<CertificateRecord> listCertificates(CertificateFilter filter, PageRequest page) {
        return tx.autoCommit("listing certificates", c -> certificates.list(c, filter, page));
    }

    @Override
    public long countCertificates(CertificateFilter filter) {
        return tx.autoCommit("counting certificates", c -> certificates.count(c, filter));
    }

    @Override
    public void deleteCertificate(String id, long expectedRevision, List<CertificateEvent> tombstone) {
        tx.inTransaction("deleting certificate " + id + " at revision " + expectedRevision, c -> {
            certificates.delete(c, id, expectedRevision);
            return events.append(c, tombstone);
        });
    }

    @Override
    public Optional<JobRecord> findJob(String id) {
        return tx.autoCommit("reading job " + id, c -> jobs.find(c, id));
    }

    @Override
    public List<JobRecord> jobsOf(String certificateId) {
        return tx.autoCommit("reading the jobs of certificate " + certificateId, c -> jobs.of(c, certificateId));
    }

    @Override
    public List<JobRecord> claimJobs(String owner, Instant now, Duration leaseTime, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        String operation = "claiming jobs for " + owner;
        if (dialect.hasSkipLocked()) {
            return tx.inTransaction(operation, c -> jobs.claimSkipLocked(c, owner, now, leaseTime, limit));
        }
        return tx.autoCommit(operation, c -> jobs.claimConditionally(c, owner, now, leaseTime, limit));
    }

    @Override
    public int purgeFinishedJobs(Instant before) {
        return tx.autoCommit("purging finished jobs", c -> jobs.purgeFinished(c, before));
    }

    @Override
    public List<CertificateEvent> timeline(String certificateId) {
        return tx.autoCommit("reading the timeline of certificate " + certificateId,
                c -> events.timeline(c, certificateId));
    }

    @Override
    public List<CertificateEvent> events(long afterSequence, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        return tx.autoCommit("reading events after " + afterSequence, c -> events.after(c, afterSequence, limit));
    }

    @Override
    public Optional<AccountRecord> findAccount(String id) {
        return tx.autoCommit("reading account " + id, c -> accounts.find(c, id));
    }

    @Override
    public AccountRecord saveAccount(AccountRecord account) {
        return tx.inTransaction("saving account " + account.id() + " at revision " + account.revision(),
                c -> accounts.save(c, account));
    }

    @Override
    public List<AccountRecord> accounts() {
        return tx.autoCommit("listing accounts", c -> accounts.query(c, "ORDER BY id", List.of()));
    }

    @Override
    public ApprovalRecord saveApproval(ApprovalRecord approval) {
        return tx.inTransaction("saving approval " + approval.id() + " at revision " + approval.revision(),
                c -> approvals.save(c, approval));
    }

    @Override
    public Optional<ApprovalRecord> findApproval(String id) {
        return tx.autoCommit("reading approval " + id, c -> approvals.find(c, id));
    }

    @Override
    public List<ApprovalRecord> approvals(Optional<ApprovalStatus> status, Optional<String> certificateId, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        List<String> where = new ArrayList<>();
        List<Object> parameters = new ArrayList<>();
        status.ifPresent(s -> {
            where.add("status = ?");
            parameters.add(s.name());
        });
        certificateId.ifPresent(id -> {
            where.add("certificate_id = ?");
            parameters.add(id);
        });
        parameters.add(limit);
        return tx.autoCommit("listing approvals", c -> approvals.query(c, where(where) + " ORDER BY id LIMIT ?",
                parameters));
    }

    @Override
    public DomainVerificationRecord saveDomainVerification(DomainVerificationRecord verification) {
        return tx.inTransaction("saving domain verification " + verification.id() + " at revision "
                + verification.revision(), c -> verifications.save(c, verification));
    }

    @Override
    public Optional<DomainVerificationRecord> findDomainVerification(String id) {
        return tx.autoCommit("reading domain verification " + id, c -> verifications.find(c, id));
    }

    @Override
    public List<DomainVerificationRecord> domainVerifications(Optional<String> tenant, Optional<String> domain) {
        List<String> where = new ArrayList<>();
        List<Object> parameters = new ArrayList<>();
        tenant.ifPresent(t -> {
            where.add("tenant = ?");
            parameters.add(t);
        });
        domain.ifPresent(d -> {
            where.add("domain_name = ?");
            parameters.add(d);
        });
        return tx.autoCommit("listing domain verifications",
                c -> verifications.query(c, where(where) + " ORDER BY id", parameters));
    }

    @Override
    public Optional<Lease> tryAcquireLease(String name, String owner, Instant now, Duration ttl) {
        return tx.autoCommit("acquiring lease " + name + " for " + owner,
                c -> leases.tryAcquire(c, name, owner, now, ttl));
    }

    @Override
    public void releaseLease(String name, String owner) {
        tx.autoCommit("releasing lease " + name + " of " + owner, c -> {
            leases.release(c, name, owner);
            return null;
        });
    }

    /** The dialect and the table prefix; never connection details. */
    @Override
    public String toString() {
        return "JdbcCertificateStore[" + dialect + ", prefix=" + tables.prefix() + "]";
    }

    private static String where(List<String> conditions) {
        return conditions.isEmpty() ? "" : "WHERE " + String.join(" AND ", conditions);
    }

    private static String describe(Commit commit) {
        StringBuilder s = new StringBuilder("commit of");
        commit.certificate().ifPresent(r -> s.append(" certificate ").append(r.id()).append(" at revision ")
                .append(r.revision()));
        commit.job().ifPresent(j -> s.append(" job ").append(j.id()).append(" at revision ").append(j.revision()));
        if (!commit.events().isEmpty()) {
            s.append(' ').append(commit.events().size()).append(" event(s)");
        }
        return s.toString();
    }
}
