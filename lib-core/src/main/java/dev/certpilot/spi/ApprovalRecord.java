package dev.certpilot.spi;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A request waiting for (or decided by) an approver. Nobody approves their own request: the engine checks that
 * {@link #decidedBy()} differs from {@link #requestedBy()}.
 *
 * @param id            the approval id, time-ordered
 * @param revision      optimistic-concurrency counter (0 = not stored yet)
 * @param certificateId the certificate waiting for approval
 * @param tenant        the tenant of the request
 * @param requestedBy   who asked for the certificate
 * @param status        pending, approved or rejected
 * @param reasons       why approval is needed (policy warnings an approver must accept)
 * @param decidedBy     who decided
 * @param decidedAt     when it was decided
 * @param comment       the approver's comment
 * @param createdAt     when approval was requested
 * @param updatedAt     when the record last changed
 */
public record ApprovalRecord(String id, long revision, String certificateId, Optional<String> tenant,
                             Optional<String> requestedBy, ApprovalStatus status, List<String> reasons,
                             Optional<String> decidedBy, Optional<Instant> decidedAt, Optional<String> comment,
                             Instant createdAt, Instant updatedAt) {

    /** Validates and copies the components. */
    public ApprovalRecord {
        Objects.requireNonNull(id, "id");
        if (revision < 0) {
            throw new IllegalArgumentException("revision must not be negative");
        }
        Objects.requireNonNull(certificateId, "certificateId");
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(requestedBy, "requestedBy");
        Objects.requireNonNull(status, "status");
        reasons = List.copyOf(reasons);
        Objects.requireNonNull(decidedBy, "decidedBy");
        Objects.requireNonNull(decidedAt, "decidedAt");
        Objects.requireNonNull(comment, "comment");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        if ((status == ApprovalStatus.PENDING) != decidedBy.isEmpty()) {
            throw new IllegalArgumentException("a decided approval names who decided; a pending one does not");
        }
    }

    /** A new pending approval. */
    public static ApprovalRecord pending(String id, String certificateId, Optional<String> tenant,
                                         Optional<String> requestedBy, List<String> reasons, Instant now) {
        return new ApprovalRecord(id, 0, certificateId, tenant, requestedBy, ApprovalStatus.PENDING, reasons,
                Optional.empty(), Optional.empty(), Optional.empty(), now, now);
    }

    /** A copy decided by {@code approver}. */
    public ApprovalRecord decide(ApprovalStatus decision, String approver, String comment, Instant now) {
        if (decision == ApprovalStatus.PENDING) {
            throw new IllegalArgumentException("a decision is APPROVED or REJECTED");
        }
        return new ApprovalRecord(id, revision, certificateId, tenant, requestedBy, decision, reasons,
                Optional.of(approver), Optional.of(now), Optional.ofNullable(comment), createdAt, now);
    }

    /** A copy with another revision. */
    public ApprovalRecord withRevision(long revision) {
        return new ApprovalRecord(id, revision, certificateId, tenant, requestedBy, status, reasons, decidedBy,
                decidedAt, comment, createdAt, updatedAt);
    }
}
