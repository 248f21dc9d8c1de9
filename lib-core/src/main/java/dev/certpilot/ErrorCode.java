package dev.certpilot;

/**
 * Stable, machine-readable error codes carried by every {@link CertpilotException}.
 *
 * <p>Codes never change meaning once released; a host application maps them to its own responses (HTTP
 * statuses, messages for users). certpilot itself never guesses at HTTP. {@link #name()} is the code string.
 */
public enum ErrorCode {
    /** The request is malformed: a bad name, too many names, a CSR that does not match, an unknown option. */
    INVALID_REQUEST,
    /** A policy refused the request. */
    POLICY_VIOLATION,
    /** A tenant quota would be exceeded. */
    QUOTA_EXCEEDED,
    /** An active certificate already covers the name and the policy allows only one. */
    DUPLICATE_CERTIFICATE,
    /** A name is not under any zone that certpilot may publish records in. */
    DOMAIN_NOT_IN_ZONE,
    /** The zone of a name could not be found (no SOA, or the provider does not host it). */
    ZONE_NOT_FOUND,
    /** A DNS provider failed to publish or remove a record. */
    DNS_PROVIDER_ERROR,
    /** Published records did not become visible at the authoritative servers in time. */
    DNS_PROPAGATION_TIMEOUT,
    /** A manual DNS record was not found. */
    DNS_RECORD_NOT_FOUND,
    /** A manual DNS record was found with a different value. */
    DNS_RECORD_MISMATCH,
    /** Manual validation was not completed in time. */
    VALIDATION_TIMEOUT,
    /** The CA could not validate one or more challenges; the problem names each identifier. */
    CHALLENGE_FAILED,
    /** The CA refused the request because of a rate limit; see {@link RateLimitedException#retryAfter()}. */
    CA_RATE_LIMITED,
    /** The CA answered with an error (RFC 7807 problem) or could not be reached. */
    CA_ERROR,
    /** The store failed to read or write. */
    STORE_ERROR,
    /** A concurrent update won: the record changed since it was read (optimistic versioning). */
    STORE_CONFLICT,
    /** No certificate has the given id. */
    CERTIFICATE_NOT_FOUND,
    /** The operation is not allowed in the certificate's current state. */
    ILLEGAL_STATE,
    /** A private key could not be protected or unprotected (unknown or wrong key-encryption key). */
    KEY_PROTECTION_ERROR,
    /** A distribution target failed to receive a certificate. */
    DISTRIBUTION_FAILED,
    /** Waiting for a result took longer than the caller allowed; the work itself goes on. */
    TIMEOUT,
    /** The manager is not running (not started, or closed). */
    NOT_RUNNING;

    /** The code as a string, identical to {@link #name()}. */
    public String code() {
        return name();
    }
}
