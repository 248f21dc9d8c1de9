package dev.certpilot.spi;

/** Where a domain ownership verification stands. */
public enum VerificationStatus {
    /** The token was handed out; the TXT record has not been seen yet. */
    PENDING,
    /** The TXT record with the token was found. */
    VERIFIED,
    /** The verification expired before the record was found. */
    EXPIRED
}
