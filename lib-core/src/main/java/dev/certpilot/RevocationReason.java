package dev.certpilot;

/**
 * Why a certificate is revoked: the reason codes of RFC 5280 section 5.3.1 that a subscriber may give (ACME sends
 * the numeric {@link #code()}). CAs accept a subset; Let's Encrypt accepts {@link #UNSPECIFIED},
 * {@link #KEY_COMPROMISE}, {@link #AFFILIATION_CHANGED}, {@link #SUPERSEDED} and {@link #CESSATION_OF_OPERATION},
 * and answers others with {@code badRevocationReason} (reported as {@link ErrorCode#CA_ERROR}).
 */
public enum RevocationReason {
    /** No reason given (code 0). */
    UNSPECIFIED(0),
    /** The private key was compromised, or may have been (code 1). */
    KEY_COMPROMISE(1),
    /** The issuing CA's key was compromised (code 2); for CAs, rarely accepted from subscribers. */
    CA_COMPROMISE(2),
    /** The subject's name or other information changed (code 3). */
    AFFILIATION_CHANGED(3),
    /** The certificate was replaced by another one (code 4). */
    SUPERSEDED(4),
    /** The certificate is no longer needed: the service or domain is gone (code 5). */
    CESSATION_OF_OPERATION(5),
    /** Put on hold (code 6); most ACME CAs refuse it. */
    CERTIFICATE_HOLD(6),
    /** Removed from a CRL after a hold (code 8); most ACME CAs refuse it. */
    REMOVE_FROM_CRL(8),
    /** A privilege the certificate granted was withdrawn (code 9). */
    PRIVILEGE_WITHDRAWN(9),
    /** An attribute authority was compromised (code 10); most ACME CAs refuse it. */
    AA_COMPROMISE(10);

    private final int code;

    RevocationReason(int code) {
        this.code = code;
    }

    /** The RFC 5280 {@code CRLReason} code sent to the CA. */
    public int code() {
        return code;
    }
}
