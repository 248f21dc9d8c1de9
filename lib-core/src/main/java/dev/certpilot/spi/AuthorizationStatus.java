package dev.certpilot.spi;

/** The status of an authorization or challenge at the CA (RFC 8555 section 7.1.6). */
public enum AuthorizationStatus {
    /** Waiting for the challenge to be answered. */
    PENDING,
    /** The CA is validating. */
    PROCESSING,
    /** Validated. */
    VALID,
    /** Validation failed. */
    INVALID,
    /** Deactivated, expired or revoked: no longer usable. */
    GONE
}
