package dev.certpilot.spi;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Proof that a tenant controls a domain: a random token the tenant publishes in a TXT record.
 *
 * @param id         the verification id, time-ordered
 * @param revision   optimistic-concurrency counter (0 = not stored yet)
 * @param tenant     the tenant claiming the domain
 * @param domain     the domain, normalized
 * @param token      the random token to publish (not a secret: it is meant to be public in DNS)
 * @param status     pending, verified or expired
 * @param createdAt  when the token was handed out
 * @param updatedAt  when the record last changed
 * @param verifiedAt when the record was found
 * @param expiresAt  when a pending verification lapses
 */
public record DomainVerificationRecord(String id, long revision, Optional<String> tenant, String domain, String token,
                                       VerificationStatus status, Instant createdAt, Instant updatedAt,
                                       Optional<Instant> verifiedAt, Optional<Instant> expiresAt) {

    /** Validates the components. */
    public DomainVerificationRecord {
        Objects.requireNonNull(id, "id");
        if (revision < 0) {
            throw new IllegalArgumentException("revision must not be negative");
        }
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        Objects.requireNonNull(verifiedAt, "verifiedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /** A copy with another status. */
    public DomainVerificationRecord withStatus(VerificationStatus status, Instant now) {
        return new DomainVerificationRecord(id, revision, tenant, domain, token, status, createdAt, now,
                status == VerificationStatus.VERIFIED ? Optional.of(now) : verifiedAt, expiresAt);
    }

    /** A copy with another revision. */
    public DomainVerificationRecord withRevision(long revision) {
        return new DomainVerificationRecord(id, revision, tenant, domain, token, status, createdAt, updatedAt,
                verifiedAt, expiresAt);
    }
}
