package dev.certpilot;

/**
 * How urgently a certificate needs attention, the class of its {@link CertificateHealth}. Ordered from fine to
 * worst among the classes of certificates in service; {@link #INACTIVE} stands apart.
 *
 * <p>The rules (with the default {@link HealthThresholds}: warning 30 days, critical 7 days, both for a 90-day
 * lifetime and shrinking in proportion for shorter ones):
 * <ul>
 *   <li>{@link #OK}: issued, more time left than the warning threshold, the last renewal attempt did not fail.</li>
 *   <li>{@link #WARNING}: issued with at most the warning threshold left; or more left, but the last renewal
 *       attempt failed. For a certificate with auto-renew whose renewal window (a CA's ARI window may end after the
 *       threshold) ends later, the warning comes when the window ends: a renewal planned by the CA is not late.</li>
 *   <li>{@link #CRITICAL}: issued with at most the critical threshold left (or already past {@code notAfter}); or
 *       at most the warning threshold left and the last renewal attempt failed; or {@code EXPIRED}; or
 *       {@code FAILED} (the first issuance gave up, no certificate is in service).</li>
 *   <li>{@link #INACTIVE}: nothing to watch: first issuance in progress ({@code PENDING_APPROVAL},
 *       {@code PENDING}, {@code VALIDATING}, {@code AWAITING_MANUAL_DNS}), {@code REVOKED} or {@code REJECTED}.</li>
 * </ul>
 */
public enum HealthStatus {
    /** In service, nothing to do. */
    OK,
    /** Renewal is late, or it failed once while plenty of time is left: look at it soon. */
    WARNING,
    /** Expiring very soon, expired, renewal failing close to expiry, or issuance failed: act now. */
    CRITICAL,
    /** No certificate in service to watch (issuance in progress, revoked, rejected). */
    INACTIVE
}
