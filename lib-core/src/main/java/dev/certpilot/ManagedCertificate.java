package dev.certpilot;

import dev.certpilot.internal.crypto.Pem;
import dev.certpilot.internal.lifecycle.Distributor;
import dev.certpilot.internal.lifecycle.Wakeups;
import dev.certpilot.spi.CertificateRecord;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A certificate certpilot manages, as it was when read, with its {@link #health()} at that time. Immutable. The
 * private key is decrypted only when {@link #privateKey()} is called and is never part of {@link #toString()}.
 */
public final class ManagedCertificate {

    private final CertificateRecord record;
    private final KeyProtection keyProtection;
    private final CertificateHealth health;

    ManagedCertificate(CertificateRecord record, KeyProtection keyProtection, CertificateHealth health) {
        this.record = record;
        this.keyProtection = keyProtection;
        this.health = health;
    }

    /** The id. */
    public String id() {
        return record.id();
    }

    /** The state. */
    public CertificateState state() {
        return record.state();
    }

    /** The DNS names; the first is the subject's common name. */
    public List<String> names() {
        return record.names();
    }

    /** The key type. */
    public KeyType keyType() {
        return record.keyType();
    }

    /** The issuer of the current certificate, or the one asked for before issuance. */
    public Optional<String> issuer() {
        return record.issuer().or(record::requestedIssuer);
    }

    /** The ACME profile asked for. */
    public Optional<String> profile() {
        return record.profile();
    }

    /** How many certificates were issued under this id (1 after the first issuance, +1 per renewal). */
    public int version() {
        return record.version();
    }

    /** The current certificate's serial number, lower-case hex. */
    public Optional<String> serial() {
        return record.serial();
    }

    /** The current certificate's start of validity. */
    public Optional<Instant> notBefore() {
        return record.notBefore();
    }

    /** The current certificate's end of validity. */
    public Optional<Instant> notAfter() {
        return record.notAfter();
    }

    /** The chain, leaf first, PEM encoded. */
    public Optional<String> chainPem() {
        return record.chainPem();
    }

    /** The chain, leaf first; empty before issuance. */
    public List<X509Certificate> chain() {
        return record.chainPem().map(Pem::parseCertificates).orElse(List.of());
    }

    /** The end-entity certificate. */
    public Optional<X509Certificate> certificate() {
        List<X509Certificate> chain = chain();
        return chain.isEmpty() ? Optional.empty() : Optional.of(chain.get(0));
    }

    /** Whether certpilot holds the private key (false for certificates from a caller's CSR). */
    public boolean hasPrivateKey() {
        return record.key().isPresent();
    }

    /**
     * The private key, decrypted now.
     *
     * @throws CertpilotException {@link ErrorCode#KEY_PROTECTION_ERROR} when it cannot be decrypted
     */
    public Optional<PrivateKey> privateKey() {
        return record.key().map(k -> keyProtection.unprotect(k, record.id()));
    }

    /** The private key as a PKCS#8 PEM block, decrypted now. Handle with care. */
    public Optional<String> privateKeyPem() {
        return privateKey().map(Pem::privateKey);
    }

    /** Whether the certificate is renewed automatically. */
    public boolean autoRenew() {
        return record.autoRenew();
    }

    /**
     * When the next automatic renewal is planned: inside the CA's renewal window (ARI) or the configured one, or
     * the retry after a failed attempt. Empty without auto-renew, while a job is in flight, and unless
     * {@link CertificateState#ISSUED}.
     */
    public Optional<Instant> nextRenewalAt() {
        return Wakeups.plannedRenewal(record);
    }

    /** Days left, health class and why, evaluated when this view was read. See {@link HealthStatus}. */
    public CertificateHealth health() {
        return health;
    }

    /**
     * Distribution targets the current version has not reached yet (a delivery round is under way or failed and is
     * retried); empty once every target has it.
     */
    public List<String> pendingTargets() {
        return Distributor.pending(record);
    }

    /** Why the last attempt failed (issuance, or a renewal while the current certificate stays in service). */
    public Optional<Failure> failure() {
        return record.failure();
    }

    /** Failed attempts since the last success. */
    public int consecutiveFailures() {
        return record.consecutiveFailures();
    }

    /** Whether an issuance or renewal job is in flight. */
    public boolean isBusy() {
        return record.activeJobId().isPresent();
    }

    /** The caller's labels. */
    public Map<String, String> labels() {
        return record.labels();
    }

    /** The tenant. */
    public Optional<String> tenant() {
        return record.tenant();
    }

    /** Who requested it. */
    public Optional<String> requestedBy() {
        return record.requestedBy();
    }

    /** The distribution target names. */
    public List<String> targets() {
        return record.targets();
    }

    /** When it was requested. */
    public Instant createdAt() {
        return record.createdAt();
    }

    /** When it last changed. */
    public Instant updatedAt() {
        return record.updatedAt();
    }

    /** Identity, state, names, serial and expiry; never key material. */
    @Override
    public String toString() {
        return "ManagedCertificate[id=" + id() + ", state=" + state() + ", names=" + names() + ", serial="
                + serial().orElse("-") + ", notAfter=" + notAfter().map(Instant::toString).orElse("-") + ", health="
                + health.status() + "]";
    }

    CertificateRecord record() {
        return record;
    }
}
