package dev.certpilot.internal.engine;

import dev.certpilot.CertificateEvent;
import dev.certpilot.CertpilotException;
import dev.certpilot.ErrorCode;
import dev.certpilot.internal.lifecycle.Wakeups;
import dev.certpilot.spi.CertificateRecord;
import dev.certpilot.spi.Commit;
import dev.certpilot.spi.JobRecord;
import dev.certpilot.spi.JobStatus;
import java.time.Instant;
import java.util.List;

/**
 * Stops the job in flight of a certificate that is revoked or deleted. The job is first ended in the store
 * ({@code CANCELLED}, and the certificate's {@code activeJobId} cleared, in one compare-and-set commit): every later
 * write of the execution working on it, on this or any instance, then fails, and that execution stops and removes
 * what it published. This instance's execution is told at once; the records the stored job lists are removed here
 * too, in case its execution died with its instance (removal is idempotent).
 */
public final class JobCancellation {

    private final Engine engine;
    private final JobRunner runner;

    /** Cancels jobs that run on {@code runner}. */
    public JobCancellation(Engine engine, JobRunner runner) {
        this.engine = engine;
        this.runner = runner;
    }

    /**
     * Cancels {@code job}, the job in flight of {@code cert} (both as read).
     *
     * @return whether it was cancelled; {@code false} when either changed meanwhile (read again and retry)
     */
    public boolean cancel(CertificateRecord cert, JobRecord job) {
        Instant now = engine.clock().instant();
        CertificateRecord next = Wakeups.apply(cert.toBuilder().activeJobId(null).updatedAt(now).build());
        JobRecord cancelled = job.toBuilder().status(JobStatus.CANCELLED).lease(null, null).pendingKey(null)
                .updatedAt(now).build();
        try {
            engine.store().commit(Commit.builder().certificate(next).job(cancelled).build());
        } catch (CertpilotException e) {
            if (e.code() == ErrorCode.STORE_CONFLICT) {
                return false;
            }
            throw e;
        }
        runner.cancel(job.id());
        List<CertificateEvent> cleaned = ChallengeRecords.cleanup(engine, cert.id(), job.records());
        if (!cleaned.isEmpty()) {
            engine.events().deliver(engine.store().commit(Commit.builder().events(cleaned).build()).events());
        }
        return true;
    }
}
