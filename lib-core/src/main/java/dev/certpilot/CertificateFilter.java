package dev.certpilot;

import dev.certpilot.internal.DomainNames;
import dev.certpilot.spi.CertificateRecord;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Selects certificates for {@link CertificateManager#list} and for stores. Every criterion is optional; a
 * certificate matches when it meets all criteria that are set. {@link #ALL} matches everything.
 *
 * @param states            match only these states (empty: any state)
 * @param tenant            match only this tenant
 * @param name              match certificates whose names include this exact name (normalized; {@code *.x} is a
 *                          name of its own)
 * @param labels            match certificates carrying every one of these labels with these values
 * @param issuer            match certificates requested from or issued by this issuer name
 * @param autoRenew         match on the auto-renew switch
 * @param notAfterBefore    match certificates expiring strictly before this instant
 * @param notAfterOnOrAfter match certificates expiring at or after this instant
 * @param renewalDueBy      match certificates whose next renewal time is at or before this instant. Stores compare
 *                          {@link CertificateRecord#nextRenewalAt()} (the scheduler's next look, never later than
 *                          the planned renewal); {@link CertificateManager#list} compares the planned renewal time
 *                          itself ({@link ManagedCertificate#nextRenewalAt()})
 * @param hasActiveJob      match on whether an issuance or renewal job is in flight
 * @param failing           match on whether the last attempt failed (a renewal failing while the old certificate
 *                          is still valid counts)
 * @param keyNotWrappedBy   match certificates whose stored private key is wrapped by a key-encryption key with a
 *                          different id (used by KEK rotation)
 * @param health            match certificates whose {@link CertificateHealth} class is one of these (empty: any).
 *                          Health depends on the time, so only {@link CertificateManager#list} evaluates it (at its
 *                          clock's current time, translating it into the store criteria above); stores never see it
 *                          and {@link #matches} ignores it
 */
public record CertificateFilter(Set<CertificateState> states, Optional<String> tenant, Optional<String> name,
                                Map<String, String> labels, Optional<String> issuer, Optional<Boolean> autoRenew,
                                Optional<Instant> notAfterBefore, Optional<Instant> notAfterOnOrAfter,
                                Optional<Instant> renewalDueBy, Optional<Boolean> hasActiveJob,
                                Optional<Boolean> failing, Optional<String> keyNotWrappedBy,
                                Set<HealthStatus> health) {

    /** Matches every certificate. */
    public static final CertificateFilter ALL = builder().build();

    /** Validates and copies the components. */
    public CertificateFilter {
        states = states.isEmpty() ? Collections.unmodifiableSet(EnumSet.noneOf(CertificateState.class))
                : Collections.unmodifiableSet(EnumSet.copyOf(states));
        Objects.requireNonNull(tenant, "tenant");
        name = name.map(DomainNames::certificateName);
        labels = Collections.unmodifiableMap(new TreeMap<>(labels));
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(autoRenew, "autoRenew");
        Objects.requireNonNull(notAfterBefore, "notAfterBefore");
        Objects.requireNonNull(notAfterOnOrAfter, "notAfterOnOrAfter");
        Objects.requireNonNull(renewalDueBy, "renewalDueBy");
        Objects.requireNonNull(hasActiveJob, "hasActiveJob");
        Objects.requireNonNull(failing, "failing");
        Objects.requireNonNull(keyNotWrappedBy, "keyNotWrappedBy");
        health = health.isEmpty() ? Collections.unmodifiableSet(EnumSet.noneOf(HealthStatus.class))
                : Collections.unmodifiableSet(EnumSet.copyOf(health));
    }

    /** A builder with no criteria. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this filter's criteria. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.states.addAll(states);
        b.tenant = tenant.orElse(null);
        b.name = name.orElse(null);
        b.labels.putAll(labels);
        b.issuer = issuer.orElse(null);
        b.autoRenew = autoRenew.orElse(null);
        b.notAfterBefore = notAfterBefore.orElse(null);
        b.notAfterOnOrAfter = notAfterOnOrAfter.orElse(null);
        b.renewalDueBy = renewalDueBy.orElse(null);
        b.hasActiveJob = hasActiveJob.orElse(null);
        b.failing = failing.orElse(null);
        b.keyNotWrappedBy = keyNotWrappedBy.orElse(null);
        b.health.addAll(health);
        return b;
    }

    /**
     * Whether the certificate matches every criterion that is set (stores without a query language use it), except
     * {@link #health()}, which needs a clock and is left to the manager.
     */
    public boolean matches(CertificateRecord r) {
        if (!states.isEmpty() && !states.contains(r.state())) {
            return false;
        }
        if (tenant.isPresent() && !tenant.equals(r.tenant())) {
            return false;
        }
        if (name.isPresent() && !r.names().contains(name.get())) {
            return false;
        }
        for (Map.Entry<String, String> e : labels.entrySet()) {
            if (!e.getValue().equals(r.labels().get(e.getKey()))) {
                return false;
            }
        }
        if (issuer.isPresent() && !issuer.equals(r.issuer()) && !issuer.equals(r.requestedIssuer())) {
            return false;
        }
        if (autoRenew.isPresent() && autoRenew.get() != r.autoRenew()) {
            return false;
        }
        Instant notAfter = r.notAfter().orElse(null);
        if (notAfterBefore.isPresent() && (notAfter == null || !notAfter.isBefore(notAfterBefore.get()))) {
            return false;
        }
        if (notAfterOnOrAfter.isPresent() && (notAfter == null || notAfter.isBefore(notAfterOnOrAfter.get()))) {
            return false;
        }
        Instant next = r.nextRenewalAt().orElse(null);
        if (renewalDueBy.isPresent() && (next == null || next.isAfter(renewalDueBy.get()))) {
            return false;
        }
        if (hasActiveJob.isPresent() && hasActiveJob.get() != r.activeJobId().isPresent()) {
            return false;
        }
        if (failing.isPresent() && failing.get() != r.failure().isPresent()) {
            return false;
        }
        return keyNotWrappedBy.isEmpty() || r.kekId().filter(k -> !k.equals(keyNotWrappedBy.get())).isPresent();
    }

    /** Builds a {@link CertificateFilter}. */
    public static final class Builder {
        private final Set<CertificateState> states = EnumSet.noneOf(CertificateState.class);
        private String tenant;
        private String name;
        private final Map<String, String> labels = new TreeMap<>();
        private String issuer;
        private Boolean autoRenew;
        private Instant notAfterBefore;
        private Instant notAfterOnOrAfter;
        private Instant renewalDueBy;
        private Boolean hasActiveJob;
        private Boolean failing;
        private String keyNotWrappedBy;
        private final Set<HealthStatus> health = EnumSet.noneOf(HealthStatus.class);

        private Builder() {
        }

        /** Adds states to match (any of them). */
        public Builder states(CertificateState... states) {
            this.states.addAll(java.util.List.of(states));
            return this;
        }

        /** Matches only this tenant. */
        public Builder tenant(String tenant) {
            this.tenant = Objects.requireNonNull(tenant, "tenant");
            return this;
        }

        /** Matches certificates that include this exact name. */
        public Builder name(String name) {
            this.name = Objects.requireNonNull(name, "name");
            return this;
        }

        /** Matches certificates carrying this label with this value. */
        public Builder label(String key, String value) {
            labels.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** Matches certificates of this issuer. */
        public Builder issuer(String issuer) {
            this.issuer = Objects.requireNonNull(issuer, "issuer");
            return this;
        }

        /** Matches on the auto-renew switch. */
        public Builder autoRenew(boolean autoRenew) {
            this.autoRenew = autoRenew;
            return this;
        }

        /** Matches certificates expiring strictly before {@code instant}. */
        public Builder notAfterBefore(Instant instant) {
            this.notAfterBefore = Objects.requireNonNull(instant, "instant");
            return this;
        }

        /** Matches certificates expiring at or after {@code instant}. */
        public Builder notAfterOnOrAfter(Instant instant) {
            this.notAfterOnOrAfter = Objects.requireNonNull(instant, "instant");
            return this;
        }

        /** Matches certificates whose next renewal is due at or before {@code instant}. */
        public Builder renewalDueBy(Instant instant) {
            this.renewalDueBy = Objects.requireNonNull(instant, "instant");
            return this;
        }

        /** Matches on whether a job is in flight. */
        public Builder hasActiveJob(boolean hasActiveJob) {
            this.hasActiveJob = hasActiveJob;
            return this;
        }

        /** Matches on whether the last attempt failed. */
        public Builder failing(boolean failing) {
            this.failing = failing;
            return this;
        }

        /** Matches certificates whose key is wrapped by another key-encryption key than {@code kekId}. */
        public Builder keyNotWrappedBy(String kekId) {
            this.keyNotWrappedBy = Objects.requireNonNull(kekId, "kekId");
            return this;
        }

        /**
         * Adds health classes to match (any of them), evaluated by {@link CertificateManager#list} at its clock's
         * current time.
         */
        public Builder health(HealthStatus... health) {
            this.health.addAll(java.util.List.of(health));
            return this;
        }

        /** The filter. */
        public CertificateFilter build() {
            return new CertificateFilter(states, Optional.ofNullable(tenant), Optional.ofNullable(name), labels,
                    Optional.ofNullable(issuer), Optional.ofNullable(autoRenew), Optional.ofNullable(notAfterBefore),
                    Optional.ofNullable(notAfterOnOrAfter), Optional.ofNullable(renewalDueBy),
                    Optional.ofNullable(hasActiveJob), Optional.ofNullable(failing),
                    Optional.ofNullable(keyNotWrappedBy), health);
        }
    }
}
