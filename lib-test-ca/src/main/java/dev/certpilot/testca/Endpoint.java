package dev.certpilot.testca;

/** The ACME endpoints of a {@link TestCa}, for scripting {@link Faults}. */
public enum Endpoint {
    /** {@code GET} of the directory. */
    DIRECTORY,
    /** {@code HEAD}/{@code GET} of newNonce. */
    NEW_NONCE,
    /** newAccount. */
    NEW_ACCOUNT,
    /** An account URL (fetch, update, deactivate) and its orders list. */
    ACCOUNT,
    /** keyChange (account key rollover). */
    KEY_CHANGE,
    /** newOrder. */
    NEW_ORDER,
    /** An order URL. */
    ORDER,
    /** An authorization URL. */
    AUTHORIZATION,
    /** A challenge URL (fetch or trigger validation). */
    CHALLENGE,
    /** An order's finalize URL. */
    FINALIZE,
    /** A certificate URL (download). */
    CERTIFICATE,
    /** revokeCert. */
    REVOKE_CERT,
    /** renewalInfo (ARI). */
    RENEWAL_INFO
}
