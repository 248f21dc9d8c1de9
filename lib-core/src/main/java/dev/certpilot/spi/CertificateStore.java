package dev.certpilot.spi;

import dev.certpilot.CertificateEvent;
import dev.certpilot.CertificateFilter;
import dev.certpilot.Page;
import dev.certpilot.PageRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where certpilot keeps everything: certificates (metadata, chain, encrypted key), durable jobs, the event
 * timeline, ACME accounts, approvals, domain verifications and leases.
 *
 * <p>Contract (checked by the abstract {@code CertificateStoreContractTest} in {@code certpilot-core}'s test-jar,
 * which every implementation's tests extend):
 * <ul>
 *   <li>Thread-safe, and safe for several manager instances sharing one store (for stores that can be shared).</li>
 *   <li>Optimistic versioning: a record with revision 0 is inserted (an existing id is a
 *       {@code STORE_CONFLICT}); any other revision is updated only while the stored revision equals it, and the
 *       stored copy gets revision + 1; otherwise the write fails with {@code STORE_CONFLICT} and changes nothing.</li>
 *   <li>{@link #commit} is atomic: all of its writes or none.</li>
 *   <li>Records come back equal to what was stored (apart from the assigned revision and event sequence).</li>
 *   <li>Failures are {@link dev.certpilot.CertpilotException}s with code {@code STORE_ERROR} (cannot read/write)
 *       or {@code STORE_CONFLICT} (a concurrent change won); nothing is half-written.</li>
 *   <li>Private keys only ever arrive here as {@link EncryptedKey}s; stores never see plaintext keys.</li>
 *   <li>Listings are ordered by id (ids are time-ordered) and paged by keyset on the id.</li>
 * </ul>
 */
public interface CertificateStore {

    // ---- certificates, jobs and events -------------------------------------------------------------------------

    /**
     * Atomically inserts or updates the commit's certificate and job and appends its events.
     *
     * @return what was stored: records with their new revisions, events with their sequences
     */
    Commit commit(Commit commit);

    /** The certificate with this id. */
    Optional<CertificateRecord> findCertificate(String id);

    /** Certificates matching the filter, ordered by id, one page. */
    Page<CertificateRecord> listCertificates(CertificateFilter filter, PageRequest page);

    /** How many certificates match the filter. */
    long countCertificates(CertificateFilter filter);

    /**
     * Deletes a certificate (its key material with it) and its jobs, and appends {@code events} (the tombstone);
     * earlier events stay. Fails with {@code STORE_CONFLICT} when the stored revision differs from
     * {@code expectedRevision} or the certificate is gone.
     */
    void deleteCertificate(String id, long expectedRevision, List<CertificateEvent> events);

    /** The job with this id. */
    Optional<JobRecord> findJob(String id);

    /** Every job of a certificate, ordered by id. */
    List<JobRecord> jobsOf(String certificateId);

    /**
     * Claims up to {@code limit} jobs for {@code owner}: jobs that are {@link JobStatus#ACTIVE}, due
     * ({@code nextRunAt <= now}) and not leased at {@code now} (no lease, or an expired one), earliest due first.
     * Each claimed job gets the lease ({@code owner}, {@code now + leaseTime}) and a new revision. A job is
     * claimed by at most one caller, also across instances sharing the store.
     *
     * @return the claimed jobs as stored
     */
    List<JobRecord> claimJobs(String owner, Instant now, Duration leaseTime, int limit);

    /** Deletes finished jobs last updated before {@code before}; returns how many. */
    int purgeFinishedJobs(Instant before);

    /** The events of one certificate in the order they were appended. */
    List<CertificateEvent> timeline(String certificateId);

    /** Events of every certificate with a sequence greater than {@code afterSequence}, in order, at most {@code limit}. */
    List<CertificateEvent> events(long afterSequence, int limit);

    // ---- ACME accounts ----------------------------------------------------------------------------------------

    /** The account with this id ({@link AccountRecord#idOf}). */
    Optional<AccountRecord> findAccount(String id);

    /** Inserts (revision 0) or updates the account; returns it as stored. */
    AccountRecord saveAccount(AccountRecord account);

    /** Every account, ordered by id (used by KEK rotation). */
    List<AccountRecord> accounts();

    // ---- approvals and domain verifications ------------------------------------------------------------------

    /** Inserts (revision 0) or updates an approval; returns it as stored. */
    ApprovalRecord saveApproval(ApprovalRecord approval);

    /** The approval with this id. */
    Optional<ApprovalRecord> findApproval(String id);

    /**
     * Approvals, ordered by id, at most {@code limit}.
     *
     * @param status        only approvals with this status, if given
     * @param certificateId only approvals of this certificate, if given
     */
    List<ApprovalRecord> approvals(Optional<ApprovalStatus> status, Optional<String> certificateId, int limit);

    /** Inserts (revision 0) or updates a domain verification; returns it as stored. */
    DomainVerificationRecord saveDomainVerification(DomainVerificationRecord verification);

    /** The domain verification with this id. */
    Optional<DomainVerificationRecord> findDomainVerification(String id);

    /**
     * Domain verifications, ordered by id.
     *
     * @param tenant only this tenant's, if given
     * @param domain only for this domain, if given
     */
    List<DomainVerificationRecord> domainVerifications(Optional<String> tenant, Optional<String> domain);

    // ---- leases ------------------------------------------------------------------------------------------------

    /**
     * Takes or extends the named lease for {@code owner} until {@code now + ttl}: succeeds when nobody holds it,
     * when the holder's lease expired, or when {@code owner} already holds it.
     *
     * @return the lease if {@code owner} holds it now
     */
    Optional<Lease> tryAcquireLease(String name, String owner, Instant now, Duration ttl);

    /** Releases the named lease if {@code owner} holds it; otherwise does nothing. */
    void releaseLease(String name, String owner);
}
