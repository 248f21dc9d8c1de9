package dev.certpilot.spi;

/** Where an approval stands. */
public enum ApprovalStatus {
    /** Waiting for an approver. */
    PENDING,
    /** Approved; issuance may proceed. */
    APPROVED,
    /** Refused; the certificate moves to {@code REJECTED}. */
    REJECTED
}
