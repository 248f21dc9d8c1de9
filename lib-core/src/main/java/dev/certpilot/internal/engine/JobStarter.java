package dev.certpilot.internal.engine;

import dev.certpilot.CertificateEvent;
import dev.certpilot.spi.CertificateRecord;
import dev.certpilot.spi.Commit;
import dev.certpilot.spi.JobKind;
import dev.certpilot.spi.JobRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Starts a job for an existing certificate, exactly once: the certificate's {@code activeJobId} and the new job are
 * written in <em>one</em> {@link dev.certpilot.spi.CertificateStore#commit}, which is a compare-and-set on the
 * revision the certificate was read with. Of several threads or instances that read the same revision and try to
 * start a job, exactly one commit succeeds; the others get {@code STORE_CONFLICT} and must read again (and then see
 * the job in flight). Used by manual renewals and by the renewal scheduler.
 */
public final class JobStarter {

    private final Engine engine;
    private final JobRunner runner;

    /** A starter whose jobs run on {@code runner}. */
    public JobStarter(Engine engine, JobRunner runner) {
        this.engine = engine;
        this.runner = runner;
    }

    /**
     * Starts a job. Runs it on this instance at once when there is capacity (leased to this instance in the same
     * commit), else leaves it unleased for any instance to claim.
     *
     * @param jobId  a fresh id (callers may register interest in it before)
     * @param cert   the certificate as read, without a job in flight
     * @param kind   what the job does
     * @param change further changes of the certificate in the same commit (state, plan), applied after
     *               {@code activeJobId} is set
     * @param events the events of the commit
     * @return the job as stored
     * @throws dev.certpilot.CertpilotException {@code STORE_CONFLICT} when the certificate changed since it was
     *                                          read; nothing was written
     */
    public JobRecord start(String jobId, CertificateRecord cert, JobKind kind, UnaryOperator<CertificateRecord> change,
                           List<CertificateEvent> events) {
        if (cert.activeJobId().isPresent()) {
            throw new IllegalStateException("certificate " + cert.id() + " already has job "
                    + cert.activeJobId().get());
        }
        Instant now = engine.clock().instant();
        boolean startNow = runner.hasCapacity();
        JobRecord job = JobRecord.builder()
                .id(jobId)
                .certificateId(cert.id())
                .kind(kind)
                .nextRunAt(now)
                .createdAt(now)
                .updatedAt(now)
                .lease(startNow ? engine.instanceId() : null, startNow ? now.plus(engine.leaseDuration()) : null)
                .build();
        CertificateRecord next = change.apply(cert.toBuilder().activeJobId(jobId).updatedAt(now).build());
        Commit stored = engine.store().commit(Commit.builder().certificate(next).job(job).events(events).build());
        engine.events().deliver(stored.events());
        if (startNow) {
            runner.startLocal(stored.storedJob(), stored.storedCertificate(), null);
        } else {
            runner.pollSoon(Duration.ZERO);
        }
        return stored.storedJob();
    }
}
