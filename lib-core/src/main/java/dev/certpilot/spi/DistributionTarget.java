package dev.certpilot.spi;

/**
 * Somewhere certificates are delivered after every issuance and renewal: PEM files, a keystore, a live TLS key
 * manager, a callback, a deploy hook.
 *
 * <p>Contract: {@link #deliver} is idempotent (delivering the same version twice leaves the same result), safe to
 * call from several threads for different certificates, honours {@link Delivery#dryRun()} by changing nothing,
 * and reports failure by throwing (the manager records the failure in the timeline and retries later). A target
 * that needs a private key refuses a delivery without one with a clear exception. {@code toString()} never shows
 * secrets.
 */
public interface DistributionTarget {

    /** The target's name, unique within a manager; requests name their targets with it. */
    String name();

    /**
     * Delivers (or, in a dry run, describes) the certificate.
     *
     * @return what was done, for the timeline
     * @throws RuntimeException when delivery failed; the message goes into the timeline (never put secrets in it)
     */
    DeliveryReport deliver(Delivery delivery);

    /**
     * Told that a certificate it received was revoked or deleted, so it should stop serving it (a live key manager
     * drops it). Files already written stay where they are. The default does nothing; failures are logged and
     * never stop the revocation or deletion.
     */
    default void withdraw(String certificateId) {
    }
}
