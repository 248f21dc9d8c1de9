package dev.certpilot.spi;

import java.util.List;

/**
 * Optional ability of a {@link DnsChallengeProvider}: lists the zones the configured account may change, so
 * certpilot can route names to it without an SOA lookup.
 */
public interface ZoneLister {

    /**
     * The zones the provider can publish records in, normalized (lower case A-labels, no trailing dot).
     *
     * @throws DnsProviderException when the service refused or could not be reached
     */
    List<String> zones();
}
