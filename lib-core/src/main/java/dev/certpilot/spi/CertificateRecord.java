package dev.certpilot.spi;

import dev.certpilot.CertificateState;
import dev.certpilot.Failure;
import dev.certpilot.KeyType;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Everything a store keeps about one managed certificate. Immutable; change it with {@link #toBuilder()}.
 *
 * <p>{@link #revision()} is the store's optimistic-concurrency counter: a record read with revision {@code r} can
 * only be written back while the stored revision is still {@code r}; the store then assigns {@code r + 1}.
 * A record with revision 0 has never been stored. {@link #version()} counts issued certificates: 0 before the
 * first issuance, then 1, 2, ... with every renewal.
 *
 * @param id                  the certificate id, time-ordered
 * @param revision            optimistic-concurrency counter (0 = not stored yet)
 * @param state               the lifecycle state
 * @param names               the DNS names, normalized, the first being the subject's common name; 1 to 100
 * @param keyType             the key type (for a caller's CSR: the CSR's key type)
 * @param csrPem              the caller's own CSR when the caller holds the key; then no key is stored
 * @param requestedIssuer     the issuer name the request asked for, if it named one
 * @param issuer              the issuer that issued the current certificate
 * @param profile             the ACME profile asked for
 * @param autoRenew           whether the certificate is renewed automatically
 * @param reuseKey            whether renewals keep the current key instead of generating a new one
 * @param labels              free key/value labels of the caller
 * @param tenant              the tenant, for policies and quotas
 * @param requestedBy         who asked for the certificate
 * @param targets             names of the distribution targets the certificate is delivered to
 * @param createdAt           when the certificate was requested
 * @param updatedAt           when the record last changed
 * @param version             the number of certificates issued so far
 * @param serial              the current certificate's serial number, lower-case hex
 * @param notBefore           the current certificate's start of validity
 * @param notAfter            the current certificate's end of validity
 * @param chainPem            the current chain, leaf first, PEM encoded
 * @param key                 the current private key, encrypted
 * @param nextRenewalAt       when the renewal scheduler next has work for the certificate: its planned renewal, or
 *                            earlier to ask the CA's renewal information again or to retry a delivery; empty when
 *                            there is none. Stores index it: every scheduler tick selects by it
 * @param failure             the last attempt's failure, cleared by success
 * @param consecutiveFailures failed attempts since the last success (drives renewal backoff)
 * @param activeJobId         the job in flight for this certificate; at most one at a time
 * @param attributes          engine-managed extras (e.g. the ARI window), not for callers
 */
public record CertificateRecord(String id, long revision, CertificateState state, List<String> names,
                                KeyType keyType, Optional<String> csrPem, Optional<String> requestedIssuer,
                                Optional<String> issuer, Optional<String> profile, boolean autoRenew,
                                boolean reuseKey, Map<String, String> labels, Optional<String> tenant,
                                Optional<String> requestedBy, List<String> targets, Instant createdAt,
                                Instant updatedAt, int version, Optional<String> serial,
                                Optional<Instant> notBefore, Optional<Instant> notAfter, Optional<String> chainPem,
                                Optional<EncryptedKey> key, Optional<Instant> nextRenewalAt,
                                Optional<Failure> failure, int consecutiveFailures, Optional<String> activeJobId,
                                Map<String, String> attributes) {

    /** Validates and copies the components. */
    public CertificateRecord {
        Objects.requireNonNull(id, "id");
        if (revision < 0 || version < 0 || consecutiveFailures < 0) {
            throw new IllegalArgumentException("revision, version and consecutiveFailures must not be negative");
        }
        Objects.requireNonNull(state, "state");
        names = List.copyOf(names);
        if (names.isEmpty()) {
            throw new IllegalArgumentException("a certificate needs at least one name");
        }
        Objects.requireNonNull(keyType, "keyType");
        Objects.requireNonNull(csrPem, "csrPem");
        Objects.requireNonNull(requestedIssuer, "requestedIssuer");
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(profile, "profile");
        labels = Collections.unmodifiableMap(new TreeMap<>(labels));
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(requestedBy, "requestedBy");
        targets = List.copyOf(targets);
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        Objects.requireNonNull(serial, "serial");
        Objects.requireNonNull(notBefore, "notBefore");
        Objects.requireNonNull(notAfter, "notAfter");
        Objects.requireNonNull(chainPem, "chainPem");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(nextRenewalAt, "nextRenewalAt");
        Objects.requireNonNull(failure, "failure");
        Objects.requireNonNull(activeJobId, "activeJobId");
        attributes = Collections.unmodifiableMap(new TreeMap<>(attributes));
        if (csrPem.isPresent() && key.isPresent()) {
            throw new IllegalArgumentException("a certificate from a caller's CSR has no stored key");
        }
    }

    /** A builder for a new record; id, names, key type and timestamps are required. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this record's values. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Whether the caller holds the private key (the certificate came from the caller's CSR). */
    public boolean hasCallerCsr() {
        return csrPem.isPresent();
    }

    /** The KEK id of the stored key, if a key is stored. */
    public Optional<String> kekId() {
        return key.map(EncryptedKey::kekId);
    }

    /** Never shows the key, the chain or the CSR. */
    @Override
    public String toString() {
        return "CertificateRecord[id=" + id + ", revision=" + revision + ", state=" + state + ", names=" + names
                + ", version=" + version + ", serial=" + serial.orElse("-") + ", notAfter=" + notAfter.orElse(null)
                + ", activeJobId=" + activeJobId.orElse("-") + "]";
    }

    /** Builds a {@link CertificateRecord}. */
    public static final class Builder {
        private String id;
        private long revision;
        private CertificateState state = CertificateState.PENDING;
        private List<String> names = List.of();
        private KeyType keyType = KeyType.EC_P256;
        private String csrPem;
        private String requestedIssuer;
        private String issuer;
        private String profile;
        private boolean autoRenew = true;
        private boolean reuseKey;
        private Map<String, String> labels = Map.of();
        private String tenant;
        private String requestedBy;
        private List<String> targets = List.of();
        private Instant createdAt;
        private Instant updatedAt;
        private int version;
        private String serial;
        private Instant notBefore;
        private Instant notAfter;
        private String chainPem;
        private EncryptedKey key;
        private Instant nextRenewalAt;
        private Failure failure;
        private int consecutiveFailures;
        private String activeJobId;
        private Map<String, String> attributes = Map.of();

        private Builder() {
        }

        private Builder(CertificateRecord r) {
            id = r.id;
            revision = r.revision;
            state = r.state;
            names = r.names;
            keyType = r.keyType;
            csrPem = r.csrPem.orElse(null);
            requestedIssuer = r.requestedIssuer.orElse(null);
            issuer = r.issuer.orElse(null);
            profile = r.profile.orElse(null);
            autoRenew = r.autoRenew;
            reuseKey = r.reuseKey;
            labels = r.labels;
            tenant = r.tenant.orElse(null);
            requestedBy = r.requestedBy.orElse(null);
            targets = r.targets;
            createdAt = r.createdAt;
            updatedAt = r.updatedAt;
            version = r.version;
            serial = r.serial.orElse(null);
            notBefore = r.notBefore.orElse(null);
            notAfter = r.notAfter.orElse(null);
            chainPem = r.chainPem.orElse(null);
            key = r.key.orElse(null);
            nextRenewalAt = r.nextRenewalAt.orElse(null);
            failure = r.failure.orElse(null);
            consecutiveFailures = r.consecutiveFailures;
            activeJobId = r.activeJobId.orElse(null);
            attributes = r.attributes;
        }

        /** Sets the id. */
        public Builder id(String id) {
            this.id = id;
            return this;
        }

        /** Sets the revision (stores set it; callers keep the one they read). */
        public Builder revision(long revision) {
            this.revision = revision;
            return this;
        }

        /** Sets the state (callers should check the transition with {@link CertificateState#checkMoveTo}). */
        public Builder state(CertificateState state) {
            this.state = state;
            return this;
        }

        /** Sets the names. */
        public Builder names(List<String> names) {
            this.names = names;
            return this;
        }

        /** Sets the key type. */
        public Builder keyType(KeyType keyType) {
            this.keyType = keyType;
            return this;
        }

        /** Sets the caller's CSR ({@code null} for none). */
        public Builder csrPem(String csrPem) {
            this.csrPem = csrPem;
            return this;
        }

        /** Sets the requested issuer name ({@code null} for any). */
        public Builder requestedIssuer(String requestedIssuer) {
            this.requestedIssuer = requestedIssuer;
            return this;
        }

        /** Sets the issuer of the current certificate. */
        public Builder issuer(String issuer) {
            this.issuer = issuer;
            return this;
        }

        /** Sets the ACME profile ({@code null} for the CA's default). */
        public Builder profile(String profile) {
            this.profile = profile;
            return this;
        }

        /** Sets the auto-renew switch. */
        public Builder autoRenew(boolean autoRenew) {
            this.autoRenew = autoRenew;
            return this;
        }

        /** Sets whether renewals keep the current key. */
        public Builder reuseKey(boolean reuseKey) {
            this.reuseKey = reuseKey;
            return this;
        }

        /** Sets the labels. */
        public Builder labels(Map<String, String> labels) {
            this.labels = labels;
            return this;
        }

        /** Sets the tenant ({@code null} for none). */
        public Builder tenant(String tenant) {
            this.tenant = tenant;
            return this;
        }

        /** Sets who requested the certificate ({@code null} for unknown). */
        public Builder requestedBy(String requestedBy) {
            this.requestedBy = requestedBy;
            return this;
        }

        /** Sets the distribution target names. */
        public Builder targets(List<String> targets) {
            this.targets = targets;
            return this;
        }

        /** Sets the creation time. */
        public Builder createdAt(Instant createdAt) {
            this.createdAt = createdAt;
            return this;
        }

        /** Sets the time of the last change. */
        public Builder updatedAt(Instant updatedAt) {
            this.updatedAt = updatedAt;
            return this;
        }

        /** Sets the number of issued certificates. */
        public Builder version(int version) {
            this.version = version;
            return this;
        }

        /** Sets the serial of the current certificate. */
        public Builder serial(String serial) {
            this.serial = serial;
            return this;
        }

        /** Sets the start of validity of the current certificate. */
        public Builder notBefore(Instant notBefore) {
            this.notBefore = notBefore;
            return this;
        }

        /** Sets the end of validity of the current certificate. */
        public Builder notAfter(Instant notAfter) {
            this.notAfter = notAfter;
            return this;
        }

        /** Sets the current chain (PEM, leaf first). */
        public Builder chainPem(String chainPem) {
            this.chainPem = chainPem;
            return this;
        }

        /** Sets the current encrypted key ({@code null} for none). */
        public Builder key(EncryptedKey key) {
            this.key = key;
            return this;
        }

        /** Sets when the next renewal is due ({@code null} for never). */
        public Builder nextRenewalAt(Instant nextRenewalAt) {
            this.nextRenewalAt = nextRenewalAt;
            return this;
        }

        /** Sets the last failure ({@code null} to clear). */
        public Builder failure(Failure failure) {
            this.failure = failure;
            return this;
        }

        /** Sets the number of consecutive failed attempts. */
        public Builder consecutiveFailures(int consecutiveFailures) {
            this.consecutiveFailures = consecutiveFailures;
            return this;
        }

        /** Sets the job in flight ({@code null} for none). */
        public Builder activeJobId(String activeJobId) {
            this.activeJobId = activeJobId;
            return this;
        }

        /** Sets the engine-managed attributes. */
        public Builder attributes(Map<String, String> attributes) {
            this.attributes = attributes;
            return this;
        }

        /** The record. */
        public CertificateRecord build() {
            return new CertificateRecord(id, revision, state, names, keyType, Optional.ofNullable(csrPem),
                    Optional.ofNullable(requestedIssuer), Optional.ofNullable(issuer), Optional.ofNullable(profile),
                    autoRenew, reuseKey, labels, Optional.ofNullable(tenant), Optional.ofNullable(requestedBy),
                    targets, createdAt, updatedAt, version, Optional.ofNullable(serial),
                    Optional.ofNullable(notBefore), Optional.ofNullable(notAfter), Optional.ofNullable(chainPem),
                    Optional.ofNullable(key), Optional.ofNullable(nextRenewalAt), Optional.ofNullable(failure),
                    consecutiveFailures, Optional.ofNullable(activeJobId), attributes);
        }
    }
}
