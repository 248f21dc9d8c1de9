package dev.certpilot.jdbc.internal;

import dev.certpilot.CertpilotException;
import dev.certpilot.ErrorCode;
import dev.certpilot.spi.JobRecord;
import dev.certpilot.spi.JobStatus;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Durable jobs, and how instances claim them.
 *
 * <p>A job is claimable when it is ACTIVE, due ({@code next_run_at <= now}) and not leased at {@code now}
 * ({@code lease_until} NULL or {@code <= now}). Rows written by a newer certpilot (higher row format) are left to
 * the instances that can read them. Two strategies, both index-backed by {@code (status, next_run_at,
 * lease_until)}:
 * <ul>
 *   <li>{@link #claimSkipLocked} (PostgreSQL, MariaDB, MySQL): one transaction selects the earliest claimable rows
 *       {@code FOR UPDATE SKIP LOCKED} and leases them; rows another claimer holds are skipped, not waited for.</li>
 *   <li>{@link #claimConditionally} (H2): candidates are read, then each is leased by its own auto-committed
 *       {@code UPDATE ... WHERE id = ? AND revision = ? AND <still claimable>}; only rows whose update count is 1
 *       are taken, and lost candidates are replaced by a fresh read until the limit is met or none are left.</li>
 * </ul>
 */
public final class JobRows {

    private static final String CLAIMABLE = "status = 'ACTIVE' AND next_run_at <= ?"
            + " AND (lease_until IS NULL OR lease_until <= ?) AND row_format <= " + RowReader.ROW_FORMAT;
    private static final Comparator<JobRecord> DUE_ORDER =
            Comparator.comparing(JobRecord::nextRunAt).thenComparing(JobRecord::id);

    private final Tables tables;
    private final VersionedRows<JobRecord> rows;

    /** Jobs in the store's tables. */
    public JobRows(Tables tables) {
        this.tables = tables;
        this.rows = new VersionedRows<>(new JobMapping(tables.job()));
    }

    /** Inserts or updates a job; see {@link VersionedRows#save}. */
    public JobRecord save(Connection c, JobRecord job) throws SQLException {
        return rows.save(c, job);
    }

    /** The job with this id. */
    public Optional<JobRecord> find(Connection c, String id) throws SQLException {
        return rows.find(c, id);
    }

    /** The jobs of a certificate, in id order. */
    public List<JobRecord> of(Connection c, String certificateId) throws SQLException {
        return rows.query(c, "WHERE certificate_id = ? ORDER BY id", List.of(certificateId));
    }

    /** Claims jobs inside the caller's transaction with {@code FOR UPDATE SKIP LOCKED}. */
    public List<JobRecord> claimSkipLocked(Connection c, String owner, Instant now, Duration leaseTime, int limit)
            throws SQLException {
        List<JobRecord> candidates;
        try (PreparedStatement ps = c.prepareStatement("SELECT " + rows.selectColumns() + " FROM " + tables.job()
                + " WHERE " + CLAIMABLE + " ORDER BY next_run_at, id LIMIT ? FOR UPDATE SKIP LOCKED")) {
            bindClaimable(ps, now).setInt(3, limit);
            candidates = rows.readAll(ps);
        }
        if (candidates.isEmpty()) {
            return List.of();
        }
        Instant until = Micros.truncate(now.plus(leaseTime));
        String marks = String.join(", ", Collections.nCopies(candidates.size(), "?"));
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + tables.job() + " SET lease_owner = ?,"
                + " lease_until = ?, revision = revision + 1 WHERE id IN (" + marks + ")")) {
            Binder b = new Binder(ps, tables.job()).bounded("lease_owner", owner, Columns.NAME).instant(until);
            for (JobRecord j : candidates) {
                b.string(j.id());
            }
            int updated = ps.executeUpdate();
            if (updated != candidates.size()) {
                throw new CertpilotException(ErrorCode.STORE_ERROR, "claiming jobs for " + owner + " locked "
                        + candidates.size() + " rows of " + tables.job() + " but updated " + updated);
            }
        }
        List<JobRecord> claimed = new ArrayList<>(candidates.size());
        for (JobRecord j : candidates) {
            claimed.add(leased(j, owner, until));
        }
        return claimed;
    }

    /** Claims jobs with one auto-committed conditional update per candidate (the connection is in auto-commit). */
    public List<JobRecord> claimConditionally(Connection c, String owner, Instant now, Duration leaseTime, int limit)
            throws SQLException {
        Instant until = Micros.truncate(now.plus(leaseTime));
        List<JobRecord> claimed = new ArrayList<>();
        while (claimed.size() < limit) {
            List<JobRecord> candidates;
            try (PreparedStatement ps = c.prepareStatement("SELECT " + rows.selectColumns() + " FROM " + tables.job()
                    + " WHERE " + CLAIMABLE + " ORDER BY next_run_at, id LIMIT ?")) {
                bindClaimable(ps, now).setInt(3, limit - claimed.size());
                candidates = rows.readAll(ps);
            }
            if (candidates.isEmpty()) {
                break;
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE " + tables.job() + " SET lease_owner = ?,"
                    + " lease_until = ?, revision = ? WHERE id = ? AND revision = ? AND " + CLAIMABLE)) {
                for (JobRecord j : candidates) {
                    new Binder(ps, tables.job()).bounded("lease_owner", owner, Columns.NAME).instant(until)
                            .number(j.revision() + 1).string(j.id()).number(j.revision())
                            .instant(now).instant(now);
                    if (tryUpdate(ps)) {
                        claimed.add(leased(j, owner, until));
                    }
                }
            }
        }
        claimed.sort(DUE_ORDER);
        return claimed;
    }

    /** Deletes finished jobs last updated before {@code before}; returns how many. */
    public int purgeFinished(Connection c, Instant before) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + tables.job() + " WHERE status IN (?, ?, ?)"
                + " AND updated_at < ?")) {
            new Binder(ps, tables.job()).string(JobStatus.SUCCEEDED.name()).string(JobStatus.FAILED.name())
                    .string(JobStatus.CANCELLED.name()).instant(before);
            return ps.executeUpdate();
        }
    }

    private static PreparedStatement bindClaimable(PreparedStatement ps, Instant now) throws SQLException {
        long micros = Micros.of(now);
        ps.setLong(1, micros);
        ps.setLong(2, micros);
        return ps;
    }

    /** Whether the conditional update took the row; a concurrent claimer holding or changing it means no. */
    private static boolean tryUpdate(PreparedStatement ps) throws SQLException {
        try {
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            if (SqlErrors.isConcurrencyFailure(e) || SqlErrors.isLockTimeout(e)) {
                return false;
            }
            throw e;
        }
    }

    private static JobRecord leased(JobRecord j, String owner, Instant until) {
        return j.toBuilder().lease(owner, until).revision(j.revision() + 1).build();
    }
}
