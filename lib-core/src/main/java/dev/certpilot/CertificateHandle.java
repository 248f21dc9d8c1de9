package dev.certpilot;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * A certificate being issued or renewed, returned at once by {@link CertificateManager#request} and
 * {@link CertificateManager#renew}. The work goes on whether or not anybody waits.
 */
public interface CertificateHandle {

    /** The certificate's id. */
    String id();

    /** The certificate's current state, read from the store. */
    CertificateState state();

    /**
     * Completes with the issued certificate, or exceptionally with a {@link CertpilotException} naming why the job
     * failed. A certificate with distribution targets completes once it has been delivered to them (a target that
     * fails is recorded in the timeline and retried; it does not fail the future). Completes only for work done by
     * this manager instance; if another instance of a cluster takes the job over, read the outcome with
     * {@link CertificateManager#get}.
     */
    CompletableFuture<ManagedCertificate> future();

    /**
     * Waits for the outcome.
     *
     * @throws CertpilotException the job's failure, or {@link ErrorCode#TIMEOUT} when {@code timeout} passed first
     *                            (the job goes on)
     */
    ManagedCertificate awaitIssued(Duration timeout);
}
