package dev.certpilot.spi;

import dev.certpilot.CertificateEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Writes a store applies atomically with {@link CertificateStore#commit}: at most one certificate, at most one job,
 * and any number of events. A record with revision 0 is inserted; any other is updated if and only if the stored
 * revision still equals it. Either everything is applied or nothing is.
 *
 * <p>The store answers with a commit holding what it stored: records with their new revisions, events with their
 * sequences.
 *
 * @param certificate the certificate to insert or update
 * @param job         the job to insert or update
 * @param events      events to append, in order
 */
public record Commit(Optional<CertificateRecord> certificate, Optional<JobRecord> job,
                     List<CertificateEvent> events) {

    /** Validates and copies the components. */
    public Commit {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(job, "job");
        events = List.copyOf(events);
        if (certificate.isEmpty() && job.isEmpty() && events.isEmpty()) {
            throw new IllegalArgumentException("an empty commit");
        }
        if (certificate.isPresent() && job.isPresent()
                && !job.get().certificateId().equals(certificate.get().id())) {
            throw new IllegalArgumentException("the job of a commit belongs to its certificate");
        }
    }

    /** A new, empty commit to add to. */
    public static Builder builder() {
        return new Builder();
    }

    /** The stored certificate; fails if the commit had none. */
    public CertificateRecord storedCertificate() {
        return certificate.orElseThrow(() -> new IllegalStateException("the commit holds no certificate"));
    }

    /** The stored job; fails if the commit had none. */
    public JobRecord storedJob() {
        return job.orElseThrow(() -> new IllegalStateException("the commit holds no job"));
    }

    /** Collects the writes of a {@link Commit}. */
    public static final class Builder {
        private CertificateRecord certificate;
        private JobRecord job;
        private final List<CertificateEvent> events = new ArrayList<>();

        private Builder() {
        }

        /** Inserts (revision 0) or updates the certificate. */
        public Builder certificate(CertificateRecord certificate) {
            this.certificate = Objects.requireNonNull(certificate, "certificate");
            return this;
        }

        /** Inserts (revision 0) or updates the job. */
        public Builder job(JobRecord job) {
            this.job = Objects.requireNonNull(job, "job");
            return this;
        }

        /** Appends events. */
        public Builder events(List<CertificateEvent> events) {
            this.events.addAll(events);
            return this;
        }

        /** Appends one event. */
        public Builder event(CertificateEvent event) {
            this.events.add(Objects.requireNonNull(event, "event"));
            return this;
        }

        /** The commit. */
        public Commit build() {
            return new Commit(Optional.ofNullable(certificate), Optional.ofNullable(job), events);
        }
    }
}
