package dev.certpilot;

import dev.certpilot.internal.InstantIndex;
import dev.certpilot.spi.AccountRecord;
import dev.certpilot.spi.ApprovalRecord;
import dev.certpilot.spi.ApprovalStatus;
import dev.certpilot.spi.CertificateRecord;
import dev.certpilot.spi.CertificateStore;
import dev.certpilot.spi.Commit;
import dev.certpilot.spi.DomainVerificationRecord;
import dev.certpilot.spi.JobRecord;
import dev.certpilot.spi.JobStatus;
import dev.certpilot.spi.Lease;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * A {@link CertificateStore} in the heap of one JVM: the default of {@link CertificateManager#builder()}, for
 * tests, samples and single-instance applications that can afford to lose everything on restart.
 *
 * <p>Readers share a read lock, writers take a write lock, so a {@link #commit} is seen whole or not at all.
 * Everything it holds is immutable records; nothing is copied on read. Certificates are indexed by
 * {@code nextRenewalAt} and {@code notAfter}, so that the renewal scheduler's queries (due renewals, expiring
 * certificates) read only the certificates they select, not all of them.
 */
public final class InMemoryCertificateStore implements CertificateStore {

    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private final TreeMap<String, CertificateRecord> certificates = new TreeMap<>();
    private final InstantIndex byNextRenewal = new InstantIndex();
    private final InstantIndex byNotAfter = new InstantIndex();
    private final TreeMap<String, JobRecord> jobs = new TreeMap<>();
    /** The active subset of {@link #jobs}: claims look only here, finished jobs cost them nothing. */
    private final TreeMap<String, JobRecord> activeJobs = new TreeMap<>();
    private final Map<String, SortedSet<String>> jobIdsByCertificate = new HashMap<>();
    private final List<CertificateEvent> events = new ArrayList<>();
    private final Map<String, List<CertificateEvent>> timelines = new HashMap<>();
    private final TreeMap<String, AccountRecord> accounts = new TreeMap<>();
    private final TreeMap<String, ApprovalRecord> approvals = new TreeMap<>();
    private final TreeMap<String, DomainVerificationRecord> verifications = new TreeMap<>();
    private final Map<String, Lease> leases = new HashMap<>();

    /** An empty store. */
    public InMemoryCertificateStore() {
    }

    @Override
    public Commit commit(Commit commit) {
        return write(() -> {
            // check everything before changing anything: all or nothing
            commit.certificate().ifPresent(c -> checkRevision(certificates, c.id(), c.revision(), "certificate"));
            commit.job().ifPresent(j -> checkRevision(jobs, j.id(), j.revision(), "job"));
            Optional<CertificateRecord> cert = commit.certificate().map(c -> {
                CertificateRecord stored = c.toBuilder().revision(c.revision() + 1).build();
                index(certificates.put(stored.id(), stored), stored);
                return stored;
            });
            Optional<JobRecord> job = commit.job().map(j -> {
                JobRecord stored = j.toBuilder().revision(j.revision() + 1).build();
                putJob(stored);
                return stored;
            });
            return new Commit(cert, job, append(commit.events()));
        });
    }

    @Override
    public Optional<CertificateRecord> findCertificate(String id) {
        return read(() -> Optional.ofNullable(certificates.get(id)));
    }

    @Override
    public Page<CertificateRecord> listCertificates(CertificateFilter filter, PageRequest page) {
        return read(() -> {
            List<CertificateRecord> items = new ArrayList<>(page.size());
            boolean more = false;
            for (CertificateRecord r : candidates(filter, page.after(), page.size())) {
                if (filter.matches(r)) {
                    if (items.size() == page.size()) {
                        more = true;
                        break;
                    }
                    items.add(r);
                }
            }
            Optional<String> next = more ? Optional.of(items.get(items.size() - 1).id()) : Optional.empty();
            return new Page<>(items, next);
        });
    }

    @Override
    public long countCertificates(CertificateFilter filter) {
        return read(() -> {
            long n = 0;
            for (CertificateRecord r : candidates(filter, Optional.empty(), Integer.MAX_VALUE)) {
                if (filter.matches(r)) {
                    n++;
                }
            }
            return n;
        });
    }

    @Override
    public void deleteCertificate(String id, long expectedRevision, List<CertificateEvent> tombstone) {
        write(() -> {
            CertificateRecord current = certificates.get(id);
            if (current == null || current.revision() != expectedRevision) {
                throw conflict("certificate " + id + (current == null ? " does not exist"
                        : " has revision " + current.revision() + ", not " + expectedRevision));
            }
            index(certificates.remove(id), null);
            jobsOfLocked(id).forEach(this::removeJob);
            append(tombstone);
            return null;
        });
    }

    @Override
    public Optional<JobRecord> findJob(String id) {
        return read(() -> Optional.ofNullable(jobs.get(id)));
    }

    @Override
    public List<JobRecord> jobsOf(String certificateId) {
        return read(() -> jobsOfLocked(certificateId));
    }

    @Override
    public List<JobRecord> claimJobs(String owner, Instant now, Duration leaseTime, int limit) {
        return write(() -> {
            List<JobRecord> due = activeJobs.values().stream()
                    .filter(j -> j.status() == JobStatus.ACTIVE && !j.nextRunAt().isAfter(now) && !j.isLeased(now))
                    .sorted(Comparator.comparing(JobRecord::nextRunAt).thenComparing(JobRecord::id))
                    .limit(limit)
                    .toList();
            List<JobRecord> claimed = new ArrayList<>(due.size());
            for (JobRecord j : due) {
                JobRecord stored = j.toBuilder().lease(owner, now.plus(leaseTime)).revision(j.revision() + 1).build();
                putJob(stored);
                claimed.add(stored);
            }
            return claimed;
        });
    }

    @Override
    public int purgeFinishedJobs(Instant before) {
        return write(() -> {
            List<JobRecord> old = jobs.values().stream()
                    .filter(j -> j.status().isFinished() && j.updatedAt().isBefore(before)).toList();
            old.forEach(this::removeJob);
            return old.size();
        });
    }

    private void putJob(JobRecord job) {
        jobs.put(job.id(), job);
        if (job.status() == JobStatus.ACTIVE) {
            activeJobs.put(job.id(), job);
        } else {
            activeJobs.remove(job.id());
        }
        jobIdsByCertificate.computeIfAbsent(job.certificateId(), k -> new TreeSet<>()).add(job.id());
    }

    private void removeJob(JobRecord job) {
        jobs.remove(job.id());
        activeJobs.remove(job.id());
        SortedSet<String> ids = jobIdsByCertificate.get(job.certificateId());
        if (ids != null) {
            ids.remove(job.id());
            if (ids.isEmpty()) {
                jobIdsByCertificate.remove(job.certificateId());
            }
        }
    }

    /** The jobs of a certificate in id order; the caller holds the lock. */
    private List<JobRecord> jobsOfLocked(String certificateId) {
        return jobIdsByCertificate.getOrDefault(certificateId, Collections.emptySortedSet()).stream()
                .map(jobs::get).toList();
    }

    @Override
    public List<CertificateEvent> timeline(String certificateId) {
        return read(() -> List.copyOf(timelines.getOrDefault(certificateId, List.of())));
    }

    @Override
    public List<CertificateEvent> events(long afterSequence, int limit) {
        return read(() -> {
            // sequences are 1..n in list order
            int from = (int) Math.min(Math.max(afterSequence, 0), events.size());
            return List.copyOf(events.subList(from, Math.min(events.size(), from + limit)));
        });
    }

    @Override
    public Optional<AccountRecord> findAccount(String id) {
        return read(() -> Optional.ofNullable(accounts.get(id)));
    }

    @Override
    public AccountRecord saveAccount(AccountRecord account) {
        return write(() -> save(accounts, account.id(), account.revision(), "account",
                () -> account.withRevision(account.revision() + 1)));
    }

    @Override
    public List<AccountRecord> accounts() {
        return read(() -> List.copyOf(accounts.values()));
    }

    @Override
    public ApprovalRecord saveApproval(ApprovalRecord approval) {
        return write(() -> save(approvals, approval.id(), approval.revision(), "approval",
                () -> approval.withRevision(approval.revision() + 1)));
    }

    @Override
    public Optional<ApprovalRecord> findApproval(String id) {
        return read(() -> Optional.ofNullable(approvals.get(id)));
    }

    @Override
    public List<ApprovalRecord> approvals(Optional<ApprovalStatus> status, Optional<String> certificateId, int limit) {
        return read(() -> approvals.values().stream()
                .filter(a -> status.isEmpty() || a.status() == status.get())
                .filter(a -> certificateId.isEmpty() || a.certificateId().equals(certificateId.get()))
                .limit(limit)
                .toList());
    }

    @Override
    public DomainVerificationRecord saveDomainVerification(DomainVerificationRecord verification) {
        return write(() -> save(verifications, verification.id(), verification.revision(), "domain verification",
                () -> verification.withRevision(verification.revision() + 1)));
    }

    @Override
    public Optional<DomainVerificationRecord> findDomainVerification(String id) {
        return read(() -> Optional.ofNullable(verifications.get(id)));
    }

    @Override
    public List<DomainVerificationRecord> domainVerifications(Optional<String> tenant, Optional<String> domain) {
        return read(() -> verifications.values().stream()
                .filter(v -> tenant.isEmpty() || v.tenant().equals(tenant))
                .filter(v -> domain.isEmpty() || v.domain().equals(domain.get()))
                .toList());
    }

    @Override
    public Optional<Lease> tryAcquireLease(String name, String owner, Instant now, Duration ttl) {
        return write(() -> {
            Lease current = leases.get(name);
            if (current != null && !current.owner().equals(owner) && current.expiresAt().isAfter(now)) {
                return Optional.empty();
            }
            Lease lease = new Lease(name, owner, now.plus(ttl));
            leases.put(name, lease);
            return Optional.of(lease);
        });
    }

    @Override
    public void releaseLease(String name, String owner) {
        write(() -> leases.computeIfPresent(name, (n, l) -> l.owner().equals(owner) ? null : l));
    }

    /** Names the store and its size; never its content. */
    @Override
    public String toString() {
        return read(() -> "InMemoryCertificateStore[" + certificates.size() + " certificates, " + jobs.size()
                + " jobs, " + events.size() + " events]");
    }

    /** Keeps the indexes in step with a certificate change ({@code null}: absent before / after). */
    private void index(CertificateRecord before, CertificateRecord after) {
        String id = before != null ? before.id() : after.id();
        byNextRenewal.update(id, before == null ? null : before.nextRenewalAt().orElse(null),
                after == null ? null : after.nextRenewalAt().orElse(null));
        byNotAfter.update(id, before == null ? null : before.notAfter().orElse(null),
                after == null ? null : after.notAfter().orElse(null));
    }

    /**
     * The certificates a filter may match, in id order, after the cursor: from an index when the filter bounds
     * {@code nextRenewalAt} or {@code notAfter} and the part it selects is small, else all of them.
     *
     * @param pageSize how many the caller reads at most (an index part is sorted by id again for every page)
     */
    private Iterable<CertificateRecord> candidates(CertificateFilter filter, Optional<String> after, int pageSize) {
        // the smaller of the index parts the filter bounds, counted before anything is collected
        InstantIndex index = null;
        Instant bound = null;
        int size = Integer.MAX_VALUE;
        if (filter.renewalDueBy().isPresent()) {
            int n = byNextRenewal.countAtOrBefore(filter.renewalDueBy().get());
            if (n < size) {
                index = byNextRenewal;
                bound = filter.renewalDueBy().get();
                size = n;
            }
        }
        if (filter.notAfterBefore().isPresent()) {
            int n = byNotAfter.countBefore(filter.notAfterBefore().get());
            if (n < size) {
                index = byNotAfter;
                bound = filter.notAfterBefore().get();
                size = n;
            }
        }
        if (index == null || !small(size, pageSize)) {
            // a large part: walking the id-ordered map page by page is cheaper than sorting the part for each page
            return (after.isPresent() ? certificates.tailMap(after.get(), false) : certificates).values();
        }
        java.util.NavigableSet<String> ids = index == byNextRenewal ? index.atOrBefore(bound) : index.before(bound);
        java.util.NavigableSet<String> part = after.isPresent() ? ids.tailSet(after.get(), false) : ids;
        return () -> part.stream().map(certificates::get).iterator();
    }

    /**
     * Whether an index part of {@code part} ids is cheaper than a walk over every certificate: sorting it for each
     * of its pages ({@code part / pageSize} pages of {@code part} ids) must cost less than one walk over all.
     */
    private boolean small(int part, int pageSize) {
        long pages = Math.max(1, (long) part / Math.max(1, pageSize));
        return pages * part * 4 <= certificates.size();
    }

    private List<CertificateEvent> append(List<CertificateEvent> toAppend) {
        List<CertificateEvent> stored = new ArrayList<>(toAppend.size());
        for (CertificateEvent e : toAppend) {
            CertificateEvent s = e.withSequence(events.size() + 1L);
            events.add(s);
            timelines.computeIfAbsent(s.certificateId(), k -> new ArrayList<>()).add(s);
            stored.add(s);
        }
        return stored;
    }

    private static <T> void checkRevision(Map<String, T> map, String id, long revision, String what) {
        T current = map.get(id);
        long stored = current == null ? 0 : revisionOf(current);
        if (revision == 0 && current != null) {
            throw conflict(what + " " + id + " already exists");
        }
        if (revision != 0 && stored != revision) {
            throw conflict(what + " " + id + (current == null ? " does not exist"
                    : " has revision " + stored + ", not " + revision));
        }
    }

    private static <T> T save(Map<String, T> map, String id, long revision, String what, Supplier<T> next) {
        checkRevision(map, id, revision, what);
        T stored = next.get();
        map.put(id, stored);
        return stored;
    }

    private static long revisionOf(Object record) {
        if (record instanceof CertificateRecord r) {
            return r.revision();
        } else if (record instanceof JobRecord r) {
            return r.revision();
        } else if (record instanceof AccountRecord r) {
            return r.revision();
        } else if (record instanceof ApprovalRecord r) {
            return r.revision();
        } else if (record instanceof DomainVerificationRecord r) {
            return r.revision();
        }
        throw new IllegalArgumentException(record.getClass().getName());
    }

    private static CertpilotException conflict(String message) {
        return new CertpilotException(ErrorCode.STORE_CONFLICT, message);
    }

    private <T> T read(Supplier<T> body) {
        lock.readLock().lock();
        try {
            return body.get();
        } finally {
            lock.readLock().unlock();
        }
    }

    private <T> T write(Supplier<T> body) {
        lock.writeLock().lock();
        try {
            return body.get();
        } finally {
            lock.writeLock().unlock();
        }
    }
}
