package dev.certpilot.spi;

/**
 * Publishes and removes the TXT records of dns-01 challenges in one DNS service.
 *
 * <p>Contract, checked by the shared provider contract test that every implementation extends:
 * <ul>
 *   <li>{@link #present} <em>adds</em> the value to the TXT record set at the name and keeps every other value
 *       there (apex and wildcard share one name). Where the service's API replaces whole record sets, the provider
 *       reads, modifies and writes, and serializes writes to one name.</li>
 *   <li>{@link #cleanup} removes only the given value; removing a value that is not there does nothing.</li>
 *   <li>Both are idempotent and thread-safe; certpilot may call them for different names concurrently.</li>
 *   <li>Failures are reported as {@link DnsProviderException} (code {@code DNS_PROVIDER_ERROR} or
 *       {@code ZONE_NOT_FOUND}); messages never contain credentials.</li>
 *   <li>{@code toString()} names the provider and never shows credentials.</li>
 * </ul>
 * Optional abilities are separate interfaces: {@link ZoneLister}, {@link InSyncCheck}.
 */
public interface DnsChallengeProvider {

    /**
     * Adds {@code record.value()} to the TXT values at {@code record.fqdn()}, keeping the others.
     *
     * @throws DnsProviderException when the service refused or could not be reached
     */
    void present(ChallengeRecord record);

    /**
     * Removes {@code record.value()} from the TXT values at {@code record.fqdn()}, keeping the others.
     * A value that is not there is not an error.
     *
     * @throws DnsProviderException when the service refused or could not be reached
     */
    void cleanup(ChallengeRecord record);
}
