package dev.certpilot;

import java.util.List;
import java.util.Optional;

/**
 * The entry point: requests, tracks, renews, revokes, deletes and distributes certificates.
 *
 * <pre>{@code
 * try (CertificateManager manager = CertificateManager.builder()
 *         .issuer(AcmeIssuer.letsEncrypt().contact("mailto:ops@example.com").agreeToTermsOfService().build())
 *         .dns("example.com", cloudflare)
 *         .build()) {
 *     manager.start();
 *     ManagedCertificate cert = manager.request(CertificateRequest.forDomains("example.com", "*.example.com").build())
 *             .awaitIssued(Duration.ofMinutes(2));
 * }
 * }</pre>
 *
 * <p>Thread-safe. Everything a user can do with a certificate goes through it. Issuance runs as a durable job in
 * the store: if the JVM stops at any point, the next {@link #start()} (of this or another instance sharing the
 * store) resumes it from its last checkpoint.
 *
 * <p>After issuance the manager keeps certificates alive: a scheduler (started by {@link #start()}) renews
 * certificates with auto-renew inside the CA's renewal window (ARI) or the configured one, retries failures with
 * backoff, marks expired certificates, announces health changes, and delivers every new version to the
 * certificate's distribution targets. See {@link RenewalSettings}, {@link HealthStatus} and
 * {@code docs/lifecycle.md}.
 */
public interface CertificateManager extends AutoCloseable {

    /** A builder with the defaults: in-memory store, system clock, permissive policy. */
    static CertificateManagerBuilder builder() {
        return new CertificateManagerBuilder();
    }

    /**
     * Starts the manager: resumes unfinished jobs in the store and starts the renewal scheduler (its first look at
     * once, then every {@link RenewalSettings#checkInterval()}). Idempotent.
     *
     * @throws CertpilotException {@link ErrorCode#NOT_RUNNING} after {@link #close()}
     */
    void start();

    /**
     * Requests a certificate. Validates the request, routes every name to its DNS zone and provider (following
     * {@code _acme-challenge} CNAMEs, which may take DNS lookups), stores the certificate ({@code PENDING}) with its
     * job and returns at once; the CA is contacted by the job.
     *
     * @throws CertpilotException {@link ErrorCode#INVALID_REQUEST} (unknown issuer or distribution target, no DNS
     *                            provider configured),
     *                            {@link ErrorCode#DOMAIN_NOT_IN_ZONE}, {@link ErrorCode#ZONE_NOT_FOUND},
     *                            {@link ErrorCode#STORE_ERROR}, {@link ErrorCode#NOT_RUNNING}; nothing is stored then
     */
    CertificateHandle request(CertificateRequest request);

    /**
     * Renews a certificate now, whatever its renewal window says: a new order for the same names (new key unless
     * the request asked to reuse it), sent with ARI {@code replaces} where the CA supports it. The current
     * certificate stays in service until the new one is stored under the same id with the next
     * {@linkplain ManagedCertificate#version() version}. Also re-issues an expired or revoked certificate, and
     * retries a certificate whose first issuance failed. If a job is already in flight, returns its handle.
     *
     * @throws CertpilotException {@link ErrorCode#CERTIFICATE_NOT_FOUND}; {@link ErrorCode#ILLEGAL_STATE} while
     *                            waiting for approval or after rejection; {@link ErrorCode#NOT_RUNNING}
     */
    CertificateHandle renew(String id);

    /** The certificate with this id, if it exists. */
    Optional<ManagedCertificate> get(String id);

    /**
     * A handle on an existing certificate, to wait for its job in flight.
     *
     * @throws CertpilotException {@link ErrorCode#CERTIFICATE_NOT_FOUND}
     */
    CertificateHandle handle(String id);

    /**
     * Certificates matching {@code filter}, ordered by id (oldest first), one page. The time-dependent criteria are
     * evaluated at the manager's clock's current time: {@link CertificateFilter#health()} by the rules of
     * {@link HealthStatus}, and {@link CertificateFilter#renewalDueBy()} against the planned renewal time
     * ({@link ManagedCertificate#nextRenewalAt()}).
     *
     * @throws CertpilotException {@link ErrorCode#STORE_ERROR}
     */
    Page<ManagedCertificate> list(CertificateFilter filter, PageRequest page);

    /**
     * Switches automatic renewal on or off ({@code cert.auto_renew_changed}). Off clears the planned renewal (a
     * renewal already in flight still finishes); on plans one for an issued certificate, in the configured window
     * until the CA's renewal information is asked at the next check ({@code renewal.scheduled}). Changes nothing
     * when the switch already has that position.
     *
     * @return the certificate as stored
     * @throws CertpilotException {@link ErrorCode#CERTIFICATE_NOT_FOUND}, {@link ErrorCode#STORE_ERROR},
     *                            {@link ErrorCode#NOT_RUNNING}
     */
    ManagedCertificate setAutoRenew(String id, boolean autoRenew);

    /**
     * Revokes the current certificate at the CA that issued it, as the account that ordered it, and marks it
     * {@link CertificateState#REVOKED} ({@code cert.revoked}). A renewal in flight is cancelled first. A revoked
     * certificate is not renewed automatically and not distributed any more; {@link #renew} re-issues it.
     * Revoking a revoked certificate returns it unchanged.
     *
     * @return the certificate as stored
     * @throws CertpilotException {@link ErrorCode#CERTIFICATE_NOT_FOUND}; {@link ErrorCode#ILLEGAL_STATE} unless
     *                            it is {@link CertificateState#ISSUED}; {@link ErrorCode#INVALID_REQUEST} when its
     *                            issuer is no longer configured; {@link ErrorCode#CA_ERROR} when the CA refuses
     *                            (e.g. {@code badRevocationReason}) or cannot be reached, and then nothing changed;
     *                            {@link ErrorCode#STORE_ERROR}, {@link ErrorCode#NOT_RUNNING}
     */
    ManagedCertificate revoke(String id, RevocationReason reason);

    /**
     * Deletes a certificate: its record, key material and jobs are removed from the store; its timeline stays,
     * ending with a {@code cert.deleted} tombstone. A job in flight is cancelled cleanly: its TXT records are
     * removed, the execution working on it (here or on another instance) stops at its next step, and a handle
     * waiting for it fails with {@link ErrorCode#CERTIFICATE_NOT_FOUND}. Files already delivered to distribution
     * targets are left alone.
     *
     * @param revokeFirst revoke an issued certificate first (reason {@link RevocationReason#CESSATION_OF_OPERATION});
     *                    when the revocation fails nothing is deleted
     * @throws CertpilotException {@link ErrorCode#CERTIFICATE_NOT_FOUND}; with {@code revokeFirst} the codes of
     *                            {@link #revoke}; {@link ErrorCode#STORE_ERROR}, {@link ErrorCode#NOT_RUNNING}
     */
    void delete(String id, boolean revokeFirst);

    /**
     * Delivers the current certificate again to every distribution target it names, now, in the background
     * (after fixing a target, or to repopulate a replaced server). Results land in the timeline as
     * {@code cert.distributed} / {@code cert.distribution_failed}; failed targets are retried with backoff.
     *
     * @throws CertpilotException {@link ErrorCode#CERTIFICATE_NOT_FOUND}; {@link ErrorCode#ILLEGAL_STATE} unless
     *                            it is {@link CertificateState#ISSUED}; {@link ErrorCode#INVALID_REQUEST} when it
     *                            names no targets; {@link ErrorCode#STORE_ERROR}, {@link ErrorCode#NOT_RUNNING}
     */
    void redistribute(String id);

    /**
     * The events of one certificate, oldest first; they outlive the certificate (a deleted certificate keeps its
     * timeline with a {@code cert.deleted} tombstone).
     */
    List<CertificateEvent> timeline(String id);

    /**
     * Stops the manager. Jobs in flight stop at their next checkpoint and are resumed by the next start of a
     * manager on the same store (after their lease expires when that is another instance). Idempotent.
     */
    @Override
    void close();
}
