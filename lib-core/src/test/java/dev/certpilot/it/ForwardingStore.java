package dev.certpilot.it;

import dev.certpilot.CertificateEvent;
import dev.certpilot.CertificateFilter;
import dev.certpilot.Page;
import dev.certpilot.PageRequest;
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
import java.util.List;
import java.util.Optional;

/** A store that hands every call to another one; tests override what they need to observe or disturb. */
class ForwardingStore implements CertificateStore {

    private final CertificateStore delegate;

    ForwardingStore(CertificateStore delegate) {
        this.delegate = delegate;
    }

    @Override
    public Commit commit(Commit commit) {
        return delegate.commit(commit);
    }

    @Override
    public Optional<CertificateRecord> findCertificate(String id) {
        return delegate.findCertificate(id);
    }

    @Override
    public Page<CertificateRecord> listCertificates(CertificateFilter filter, PageRequest page) {
        return delegate.listCertificates(filter, page);
    }

    @Override
    public long countCertificates(CertificateFilter filter) {
        return delegate.countCertificates(filter);
    }

    @Override
    public void deleteCertificate(String id, long expectedRevision, List<CertificateEvent> events) {
        delegate.deleteCertificate(id, expectedRevision, events);
    }

    @Override
    public Optional<JobRecord> findJob(String id) {
        return delegate.findJob(id);
    }

    @Override
    public List<JobRecord> jobsOf(String certificateId) {
        return delegate.jobsOf(certificateId);
    }

    @Override
    public List<JobRecord> claimJobs(String owner, Instant now, Duration leaseTime, int limit) {
        return delegate.claimJobs(owner, now, leaseTime, limit);
    }

    @Override
    public int purgeFinishedJobs(Instant before) {
        return delegate.purgeFinishedJobs(before);
    }

    @Override
    public List<CertificateEvent> timeline(String certificateId) {
        return delegate.timeline(certificateId);
    }

    @Override
    public List<CertificateEvent> events(long afterSequence, int limit) {
        return delegate.events(afterSequence, limit);
    }

    @Override
    public Optional<AccountRecord> findAccount(String id) {
        return delegate.findAccount(id);
    }

    @Override
    public AccountRecord saveAccount(AccountRecord account) {
        return delegate.saveAccount(account);
    }

    @Override
    public List<AccountRecord> accounts() {
        return delegate.accounts();
    }

    @Override
    public ApprovalRecord saveApproval(ApprovalRecord approval) {
        return delegate.saveApproval(approval);
    }

    @Override
    public Optional<ApprovalRecord> findApproval(String id) {
        return delegate.findApproval(id);
    }

    @Override
    public List<ApprovalRecord> approvals(Optional<ApprovalStatus> status, Optional<String> certificateId, int limit) {
        return delegate.approvals(status, certificateId, limit);
    }

    @Override
    public DomainVerificationRecord saveDomainVerification(DomainVerificationRecord verification) {
        return delegate.saveDomainVerification(verification);
    }

    @Override
    public Optional<DomainVerificationRecord> findDomainVerification(String id) {
        return delegate.findDomainVerification(id);
    }

    @Override
    public List<DomainVerificationRecord> domainVerifications(Optional<String> tenant, Optional<String> domain) {
        return delegate.domainVerifications(tenant, domain);
    }

    @Override
    public Optional<Lease> tryAcquireLease(String name, String owner, Instant now, Duration ttl) {
        return delegate.tryAcquireLease(name, owner, now, ttl);
    }

    @Override
    public void releaseLease(String name, String owner) {
        delegate.releaseLease(name, owner);
    }
}
