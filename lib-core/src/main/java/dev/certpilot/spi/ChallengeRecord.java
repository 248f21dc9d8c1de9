package dev.certpilot.spi;

import dev.certpilot.CertpilotException;
import dev.certpilot.ErrorCode;
import dev.certpilot.internal.DomainNames;
import java.util.Objects;

/**
 * One TXT value to publish for a dns-01 challenge.
 *
 * <p>Several records may share one {@link #fqdn()} with different values (a certificate for {@code example.com}
 * and {@code *.example.com} needs two values at {@code _acme-challenge.example.com}); providers must keep every
 * value, never replace one with another.
 *
 * @param zone  the zone that holds the record, normalized (lower case A-labels, no trailing dot), e.g.
 *              {@code example.com}
 * @param fqdn  the record's absolute name, normalized, at or below {@code zone}, e.g.
 *              {@code _acme-challenge.www.example.com}; with CNAME delegation it is the CNAME's target
 * @param value the TXT value (the base64url key-authorization digest for ACME), printable ASCII
 * @param ttl   the time to live in seconds, 1 to 86400; certpilot uses {@value #DEFAULT_TTL}
 */
public record ChallengeRecord(String zone, String fqdn, String value, int ttl) {

    /** The TTL certpilot publishes challenge records with, and suggests for manual records. */
    public static final int DEFAULT_TTL = 60;

    /** Normalizes and validates the components. */
    public ChallengeRecord {
        zone = DomainNames.recordName(zone);
        fqdn = DomainNames.recordName(fqdn);
        if (!DomainNames.isAtOrBelow(fqdn, zone)) {
            throw new CertpilotException(ErrorCode.DOMAIN_NOT_IN_ZONE,
                    "record name '" + fqdn + "' is not in zone '" + zone + "'");
        }
        Objects.requireNonNull(value, "value");
        if (value.isEmpty() || value.length() > 255 || !value.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
            throw new CertpilotException(ErrorCode.INVALID_REQUEST,
                    "TXT value must be 1 to 255 printable ASCII characters");
        }
        if (ttl < 1 || ttl > 86_400) {
            throw new CertpilotException(ErrorCode.INVALID_REQUEST, "TTL must be 1 to 86400 seconds, was " + ttl);
        }
    }

    /** A record with the {@linkplain #DEFAULT_TTL default TTL}. */
    public static ChallengeRecord of(String zone, String fqdn, String value) {
        return new ChallengeRecord(zone, fqdn, value, DEFAULT_TTL);
    }

    /** The absolute name with its trailing dot, e.g. {@code _acme-challenge.www.example.com.}. */
    public String fqdnWithDot() {
        return fqdn + ".";
    }

    /**
     * The name relative to the zone, e.g. {@code _acme-challenge.www} for zone {@code example.com};
     * {@code "@"} when the record is at the zone apex.
     */
    public String relativeName() {
        return fqdn.equals(zone) ? "@" : fqdn.substring(0, fqdn.length() - zone.length() - 1);
    }
}
