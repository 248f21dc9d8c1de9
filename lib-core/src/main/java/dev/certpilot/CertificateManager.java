package dev.certpilot;

import java.util.List;
import java.util.Optional;

/**
 * The entry point: requests, tracks and (with later features) renews, revokes and distributes certificates.
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
 */
public interface CertificateManager extends AutoCloseable {

    /** A builder with the defaults: in-memory store, system clock, permissive policy. */
    static CertificateManagerBuilder builder() {
        return new CertificateManagerBuilder();
    }

    /**
     * Starts the manager: resumes unfinished jobs in the store and starts looking for work. Idempotent.
     *
     * @throws CertpilotException {@link ErrorCode#NOT_RUNNING} after {@link #close()}
     */
    void start();

    /**
     * Requests a certificate. Validates the request, routes every name to its DNS zone and provider (following
     * {@code _acme-challenge} CNAMEs, which may take DNS lookups), stores the certificate ({@code PENDING}) with its
     * job and returns at once; the CA is contacted by the job.
     *
     * @throws CertpilotException {@link ErrorCode#INVALID_REQUEST} (unknown issuer, no DNS provider configured),
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

    /** Certificates matching {@code filter}, ordered by id (oldest first), one page. */
    Page<ManagedCertificate> list(CertificateFilter filter, PageRequest page);

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
