package dev.certpilot.internal.engine;

import dev.certpilot.CertpilotException;
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
     * @param error       why it failed (the original exception, with the CA's problem), or {@code null} on success
     */
    void finished(JobRecord job, CertificateRecord certificate, CertpilotException error);
}
