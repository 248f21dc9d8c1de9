package dev.certpilot.internal.engine;

/**
 * The checkpoints of an issuance job, in order. The step stored with a job is the last checkpoint written; a job
 * resumed after a crash continues with the work that follows it. With {@link dev.certpilot.Checkpoints#ESSENTIAL}
 * only {@code CREATED}, {@code PUBLISHING} (or {@code TRIGGERED} when nothing is to be published), {@code DONE},
 * {@code FAILED} and the step a job waits at are written; {@link dev.certpilot.Checkpoints#EVERY_STEP} writes all.
 */
enum JobStep {
    /** Nothing sent to the CA yet. Next: route names, create the order. */
    CREATED,
    /** The order exists. Next: read its authorizations, compute the TXT records. */
    ORDER_CREATED,
    /**
     * The records to publish are saved (so they can be cleaned up whatever happens), with the encrypted key and the
     * CSR. Next: publish them.
     */
    PUBLISHING,
    /** Every record was published. Next: wait until the authoritative servers show them. */
    PUBLISHED,
    /** Every record is visible. Next: trigger the challenges. */
    PROPAGATED,
    /** The challenges were triggered. Next: poll the order until it is ready. */
    TRIGGERED,
    /** The order is ready and the records are cleaned up. Next: key and CSR. */
    VALIDATED,
    /** The order is ready and the key (encrypted) and CSR are saved. Next: finalize. */
    KEY_READY,
    /** The CSR was sent. Next: poll until valid, download, store. */
    FINALIZED,
    /** The certificate is stored. */
    DONE,
    /** The job gave up. */
    FAILED
}
