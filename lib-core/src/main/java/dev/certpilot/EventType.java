package dev.certpilot;

/**
 * The kinds of events in a certificate's timeline. {@link #code()} is the stable dotted name used in logs,
 * stores and listeners, e.g. {@code cert.issued}.
 */
public enum EventType {
    /** A certificate was requested. */
    CERT_REQUESTED("cert.requested"),
    /** A request is waiting for approval. */
    APPROVAL_REQUESTED("approval.requested"),
    /** A request was approved. */
    APPROVAL_GRANTED("approval.granted"),
    /** A request was rejected. */
    APPROVAL_REJECTED("approval.rejected"),
    /** An ACME order was created. */
    ORDER_CREATED("order.created"),
    /** An issuer failed in a way another issuer may not, and the next one is tried. */
    ISSUER_FALLBACK("issuer.fallback"),
    /** TXT records were published. */
    DNS_PUBLISHED("dns.published"),
    /** Published records are visible at every authoritative nameserver. */
    DNS_PROPAGATED("dns.propagated"),
    /** Records must be published by hand. */
    DNS_MANUAL_REQUIRED("dns.manual_required"),
    /** The CA validated the challenges. */
    CHALLENGE_VALIDATED("challenge.validated"),
    /** A certificate was issued for the first time. */
    CERT_ISSUED("cert.issued"),
    /** A certificate was renewed (a new version replaced the old one). */
    CERT_RENEWED("cert.renewed"),
    /** Challenge records were removed. */
    DNS_CLEANED("dns.cleaned"),
    /** Removing challenge records failed; they may be left behind. */
    DNS_CLEANUP_FAILED("dns.cleanup_failed"),
    /** Issuance failed. */
    CERT_FAILED("cert.failed"),
    /**
     * A renewal job started (detail {@code reason}: {@code manual}, {@code due} for the configured window,
     * {@code ari} for the CA's window, {@code retry} after a failed attempt).
     */
    RENEWAL_STARTED("renewal.started"),
    /** A renewal attempt failed; the current certificate stays in service (detail {@code retryAt}: the next try). */
    RENEWAL_FAILED("renewal.failed"),
    /** The renewal time was planned (details {@code at}, {@code source}, {@code windowStart}, {@code windowEnd}). */
    RENEWAL_SCHEDULED("renewal.scheduled"),
    /** An interrupted job was resumed from its last checkpoint. */
    JOB_RESUMED("job.resumed"),
    /** A certificate was delivered to a distribution target. */
    CERT_DISTRIBUTED("cert.distributed"),
    /** Delivering a certificate to a distribution target failed. */
    CERT_DISTRIBUTION_FAILED("cert.distribution_failed"),
    /** A certificate was revoked. */
    CERT_REVOKED("cert.revoked"),
    /** A certificate passed its {@code notAfter}. */
    CERT_EXPIRED("cert.expired"),
    /** A certificate was deleted; this event stays as its tombstone. */
    CERT_DELETED("cert.deleted"),
    /** Automatic renewal was switched on or off. */
    AUTO_RENEW_CHANGED("cert.auto_renew_changed"),
    /**
     * The certificate's health class changed (details {@code from}, {@code to}, {@code reason}, {@code daysLeft});
     * the event to alert on. See {@link HealthStatus}.
     */
    HEALTH_CHANGED("cert.health_changed");

    private final String code;

    EventType(String code) {
        this.code = code;
    }

    /** The stable dotted name, e.g. {@code cert.issued}. */
    public String code() {
        return code;
    }

    /** The type with the given dotted name. */
    public static EventType ofCode(String code) {
        for (EventType t : values()) {
            if (t.code.equals(code)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown event type '" + code + "'");
    }

    /** The dotted name. */
    @Override
    public String toString() {
        return code;
    }
}
