package dev.certpilot.spi;

/** The status of an order at the CA (RFC 8555 section 7.1.6). */
public enum OrderStatus {
    /** Authorizations are still to be satisfied. */
    PENDING,
    /** All authorizations are valid; the order can be finalized. */
    READY,
    /** The CSR was accepted; the certificate is being issued. */
    PROCESSING,
    /** The certificate is issued and can be downloaded. */
    VALID,
    /** The order failed (an authorization failed, or it expired). */
    INVALID
}
