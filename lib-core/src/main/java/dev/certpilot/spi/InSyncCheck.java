package dev.certpilot.spi;

/**
 * Optional ability of a {@link DnsChallengeProvider} whose service reports when a change has reached all of its
 * nameservers (Route 53's {@code INSYNC}, Google Cloud DNS's {@code done}, Azure's provisioning state ...).
 *
 * <p>certpilot asks it before querying the authoritative servers itself, which saves queries on slow services.
 * The authoritative check still runs afterwards: a provider's word is not proof.
 */
public interface InSyncCheck {

    /**
     * Whether the change that published {@code record} has been applied on every nameserver of the service.
     * Called repeatedly until it answers {@code true} or propagation times out; must be cheap and must not block
     * for long.
     *
     * @throws DnsProviderException when the service refused or could not be reached
     */
    boolean isInSync(ChallengeRecord record);
}
