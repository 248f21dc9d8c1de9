package dev.certpilot.internal.dns;

import dev.certpilot.spi.ChallengeRecord;
import dev.certpilot.spi.DnsChallengeProvider;
import java.util.Objects;

/**
 * Where the dns-01 record of one certificate name goes.
 *
 * @param zone     the zone the record is written in (normalized)
 * @param fqdn     the record name: {@code _acme-challenge.<name>}, or the final target of its CNAME
 * @param provider the provider that writes in {@code zone}
 */
public record Route(String zone, String fqdn, DnsChallengeProvider provider) {

    /** Validates the components. */
    public Route {
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(fqdn, "fqdn");
        Objects.requireNonNull(provider, "provider");
    }

    /** The record publishing {@code value} on this route. */
    public ChallengeRecord record(String value) {
        return ChallengeRecord.of(zone, fqdn, value);
    }
}
