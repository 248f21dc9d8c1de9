package dev.certpilot.internal.engine;

import dev.certpilot.Failure;
import dev.certpilot.spi.CertificateRecord;
import dev.certpilot.spi.JobRecord;

/** Told when a job run by this engine instance finishes. */
@FunctionalInterface
public interface JobListener {

    /**
     * Called once per finished job.
     *
     * @param job         the job as stored at the end
     * @param certificate the certificate as stored at the end, or {@code null} if it was deleted meanwhile
     * @param failure     why it failed, or {@code null} on success
     */
    void finished(JobRecord job, CertificateRecord certificate, Failure failure);
}
