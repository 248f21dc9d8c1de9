package dev.certpilot;

/**
 * How often an issuance job writes its progress to the {@link dev.certpilot.spi.CertificateStore}.
 *
 * <p>A job goes through the steps of an ACME issuance: create the order, publish TXT records, wait until the
 * authoritative servers show them, trigger the challenges, wait for validation, clean up, finalize with a CSR,
 * download and store. After a crash, another instance (or the same one restarted) resumes the job from its last
 * written step. Writing a step costs a database transaction; against a fast CA that is most of what a durable store
 * adds to an issuance.
 *
 * <p>Whatever the setting, a job never does anything it could not undo or repeat after a crash: the TXT records are
 * written <em>before</em> they are published (so they are always cleaned up), the private key (encrypted) and CSR
 * before the order is finalized (so the certificate always matches the stored key), and the job's state whenever
 * it starts waiting (for DNS propagation, or for the CA), so waits resume where they were.
 */
public enum Checkpoints {

    /**
     * The default: a job writes what recovery needs and nothing more. On the fast path (records visible at once,
     * the CA answering each step at once) that is three transactions per issuance: the request; the order, the
     * records about to be published, the encrypted key and the CSR; the certificate. Steps in between are written
     * with the next of these, or when the job starts waiting. Events are delivered once written.
     *
     * <p>A crash between writes repeats some work on resume, never anything unsafe: the TXT records are published
     * again (idempotently) and cleaned up again; challenges already valid are not triggered again; an order
     * already finalized is polled and downloaded. A crash between creating an order and the next write leaves that
     * order unused at the CA (it expires there); the resumed job creates a new one.
     */
    ESSENTIAL,

    /**
     * A job writes every step as it reaches it (about ten transactions per issuance): other instances and the
     * store's readers see each step as it happens, and a resumed job repeats the least work. For stores whose
     * writes are cheap, or when every step must be visible in the store (auditing, debugging).
     */
    EVERY_STEP
}
