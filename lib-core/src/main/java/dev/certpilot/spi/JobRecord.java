package dev.certpilot.spi;

import dev.certpilot.Failure;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A durable issuance or renewal job: the checkpoint the engine writes before and after every step that talks to
 * a CA or to DNS, so that a job interrupted anywhere resumes from its last checkpoint with the same ACME order.
 * Immutable; change it with {@link #toBuilder()}. {@link #revision()} works as in {@link CertificateRecord}.
 *
 * <p>Stores treat {@link #step()} and {@link #data()} as opaque; they only ever select jobs by status, due time
 * and lease.
 *
 * @param id            the job id, time-ordered
 * @param revision      optimistic-concurrency counter (0 = not stored yet)
 * @param certificateId the certificate the job works for
 * @param kind          first issuance or renewal
 * @param status        whether work remains
 * @param step          the last checkpoint reached (engine-defined name)
 * @param issuer        the issuer currently used (changes on fallback)
 * @param orderUrl      the ACME order, once created
 * @param records       the TXT records published and not yet cleaned up
 * @param pendingKey    the private key generated for this job, encrypted, until the certificate is stored
 * @param attempts      how many times the job was started or resumed
 * @param nextRunAt     when the job is due to run (again)
 * @param createdAt     when the job was created
 * @param updatedAt     when the job last changed
 * @param leaseOwner    the manager instance working on the job
 * @param leaseUntil    until when that instance holds the job; after that another instance may take over
 * @param failure       why the job failed
 * @param data          engine-defined extras (authorization URLs, deadlines ...)
 */
public record JobRecord(String id, long revision, String certificateId, JobKind kind, JobStatus status, String step,
                        Optional<String> issuer, Optional<String> orderUrl, List<ChallengeRecord> records,
                        Optional<EncryptedKey> pendingKey, int attempts, Instant nextRunAt, Instant createdAt,
                        Instant updatedAt, Optional<String> leaseOwner, Optional<Instant> leaseUntil,
                        Optional<Failure> failure, Map<String, String> data) {

    /** Validates and copies the components. */
    public JobRecord {
        Objects.requireNonNull(id, "id");
        if (revision < 0 || attempts < 0) {
            throw new IllegalArgumentException("revision and attempts must not be negative");
        }
        Objects.requireNonNull(certificateId, "certificateId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(orderUrl, "orderUrl");
        records = List.copyOf(records);
        Objects.requireNonNull(pendingKey, "pendingKey");
        Objects.requireNonNull(nextRunAt, "nextRunAt");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        Objects.requireNonNull(leaseOwner, "leaseOwner");
        Objects.requireNonNull(leaseUntil, "leaseUntil");
        if (leaseOwner.isPresent() != leaseUntil.isPresent()) {
            throw new IllegalArgumentException("leaseOwner and leaseUntil are set together");
        }
        Objects.requireNonNull(failure, "failure");
        data = Collections.unmodifiableMap(new TreeMap<>(data));
    }

    /** A builder for a new job. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this job's values. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Whether {@code owner} holds an unexpired lease on the job at {@code now}. */
    public boolean isLeasedBy(String owner, Instant now) {
        return leaseOwner.filter(owner::equals).isPresent() && leaseUntil.orElseThrow().isAfter(now);
    }

    /** Whether some instance holds an unexpired lease at {@code now}. */
    public boolean isLeased(Instant now) {
        return leaseUntil.filter(now::isBefore).isPresent();
    }

    /** Never shows the pending key. */
    @Override
    public String toString() {
        return "JobRecord[id=" + id + ", revision=" + revision + ", certificateId=" + certificateId + ", kind=" + kind
                + ", status=" + status + ", step=" + step + ", orderUrl=" + orderUrl.orElse("-") + ", records="
                + records.size() + ", attempts=" + attempts + ", lease=" + leaseOwner.orElse("-") + "]";
    }

    /** Builds a {@link JobRecord}. */
    public static final class Builder {
        private String id;
        private long revision;
        private String certificateId;
        private JobKind kind = JobKind.ISSUE;
        private JobStatus status = JobStatus.ACTIVE;
        private String step = "CREATED";
        private String issuer;
        private String orderUrl;
        private List<ChallengeRecord> records = List.of();
        private EncryptedKey pendingKey;
        private int attempts;
        private Instant nextRunAt;
        private Instant createdAt;
        private Instant updatedAt;
        private String leaseOwner;
        private Instant leaseUntil;
        private Failure failure;
        private Map<String, String> data = Map.of();

        private Builder() {
        }

        private Builder(JobRecord r) {
            id = r.id;
            revision = r.revision;
            certificateId = r.certificateId;
            kind = r.kind;
            status = r.status;
            step = r.step;
            issuer = r.issuer.orElse(null);
            orderUrl = r.orderUrl.orElse(null);
            records = r.records;
            pendingKey = r.pendingKey.orElse(null);
            attempts = r.attempts;
            nextRunAt = r.nextRunAt;
            createdAt = r.createdAt;
            updatedAt = r.updatedAt;
            leaseOwner = r.leaseOwner.orElse(null);
            leaseUntil = r.leaseUntil.orElse(null);
            failure = r.failure.orElse(null);
            data = r.data;
        }

        /** Sets the id. */
        public Builder id(String id) {
            this.id = id;
            return this;
        }

        /** Sets the revision. */
        public Builder revision(long revision) {
            this.revision = revision;
            return this;
        }

        /** Sets the certificate id. */
        public Builder certificateId(String certificateId) {
            this.certificateId = certificateId;
            return this;
        }

        /** Sets the kind. */
        public Builder kind(JobKind kind) {
            this.kind = kind;
            return this;
        }

        /** Sets the status. */
        public Builder status(JobStatus status) {
            this.status = status;
            return this;
        }

        /** Sets the last checkpoint reached. */
        public Builder step(String step) {
            this.step = step;
            return this;
        }

        /** Sets the issuer in use ({@code null} for none yet). */
        public Builder issuer(String issuer) {
            this.issuer = issuer;
            return this;
        }

        /** Sets the order URL ({@code null} for none yet). */
        public Builder orderUrl(String orderUrl) {
            this.orderUrl = orderUrl;
            return this;
        }

        /** Sets the records published and not yet cleaned up. */
        public Builder records(List<ChallengeRecord> records) {
            this.records = records;
            return this;
        }

        /** Sets the job's encrypted private key ({@code null} for none). */
        public Builder pendingKey(EncryptedKey pendingKey) {
            this.pendingKey = pendingKey;
            return this;
        }

        /** Sets the number of runs. */
        public Builder attempts(int attempts) {
            this.attempts = attempts;
            return this;
        }

        /** Sets when the job is due. */
        public Builder nextRunAt(Instant nextRunAt) {
            this.nextRunAt = nextRunAt;
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

        /** Sets the lease ({@code null}, {@code null} to release). */
        public Builder lease(String owner, Instant until) {
            this.leaseOwner = owner;
            this.leaseUntil = until;
            return this;
        }

        /** Sets the failure ({@code null} to clear). */
        public Builder failure(Failure failure) {
            this.failure = failure;
            return this;
        }

        /** Sets the engine-defined extras. */
        public Builder data(Map<String, String> data) {
            this.data = data;
            return this;
        }

        /** The job. */
        public JobRecord build() {
            return new JobRecord(id, revision, certificateId, kind, status, step, Optional.ofNullable(issuer),
                    Optional.ofNullable(orderUrl), records, Optional.ofNullable(pendingKey), attempts, nextRunAt,
                    createdAt, updatedAt, Optional.ofNullable(leaseOwner), Optional.ofNullable(leaseUntil),
                    Optional.ofNullable(failure), data);
        }
    }
}
