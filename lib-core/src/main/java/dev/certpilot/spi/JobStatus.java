package dev.certpilot.spi;

/** Whether a job still has work to do. */
public enum JobStatus {
    /** The job has steps left; a runner may claim it when it is due. */
    ACTIVE,
    /** The job finished and its certificate was stored. */
    SUCCEEDED,
    /** The job gave up; the failure is recorded on the job and its certificate. */
    FAILED,
    /** The job was stopped before it finished (e.g. the certificate was deleted). */
    CANCELLED;

    /** Whether the job is finished. */
    public boolean isFinished() {
        return this != ACTIVE;
    }
}
