package dev.certpilot.spi;

/** What a job does. */
public enum JobKind {
    /** First issuance of a certificate. */
    ISSUE,
    /** Issuance of a new version replacing the current one (ARI {@code replaces} where the CA supports it). */
    RENEW
}
