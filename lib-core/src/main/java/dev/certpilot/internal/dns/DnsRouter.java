package dev.certpilot.internal.dns;

import dev.certpilot.CertpilotException;
import dev.certpilot.ErrorCode;
import dev.certpilot.internal.DomainNames;
import dev.certpilot.spi.DnsChallengeProvider;
import dev.certpilot.spi.ZoneLister;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Maps certificate names to the zone, record name and provider of their dns-01 record.
 *
 * <ol>
 *   <li>If CNAMEs are followed and {@code _acme-challenge.<name>} is a CNAME, the record goes to the chain's final
 *       target, and only if that target lies in a <em>configured</em> zone: writing wherever a CNAME points would let
 *       whoever controls the CNAME steer certpilot's credentials.</li>
 *   <li>Otherwise the longest configured zone that holds the record name wins (so a configured, delegated
 *       {@code _acme-challenge.app.example.com} zone beats {@code example.com}).</li>
 *   <li>Otherwise the fallback provider, if any, gets the zone its {@link ZoneLister} lists or an SOA lookup
 *       finds.</li>
 *   <li>Otherwise the name is refused with {@link ErrorCode#DOMAIN_NOT_IN_ZONE}.</li>
 * </ol>
 */
public final class DnsRouter {

    private final Map<String, DnsChallengeProvider> zones;
    private final DnsChallengeProvider fallback;
    private final boolean followCnames;

    /**
     * Creates a router.
     *
     * @param zones        configured zones (normalized) and their providers
     * @param fallback     provider for names under no configured zone, or {@code null}
     * @param followCnames whether to follow CNAMEs at challenge names
     */
    public DnsRouter(Map<String, DnsChallengeProvider> zones, DnsChallengeProvider fallback, boolean followCnames) {
        this.zones = Map.copyOf(zones);
        this.fallback = fallback;
        this.followCnames = followCnames;
    }

    /** Whether no provider at all is configured. */
    public boolean isEmpty() {
        return zones.isEmpty() && fallback == null;
    }

    /**
     * Routes every distinct challenge name of {@code names} (apex and wildcard share one).
     *
     * @param authority DNS lookups for CNAMEs and zones
     * @return challenge name ({@code _acme-challenge.<base>}) to route, in the order of {@code names}
     * @throws CertpilotException {@link ErrorCode#DOMAIN_NOT_IN_ZONE} or {@link ErrorCode#ZONE_NOT_FOUND}
     */
    public Map<String, Route> route(List<String> names, Authority authority) {
        Map<String, Route> routes = new LinkedHashMap<>();
        for (String name : names) {
            String challenge = DomainNames.challengeName(name);
            if (!routes.containsKey(challenge)) {
                routes.put(challenge, routeOne(name, challenge, authority));
            }
        }
        return routes;
    }

    /** The provider that writes in {@code zone} (for cleanup of records published earlier). */
    public Optional<DnsChallengeProvider> providerForZone(String zone) {
        return Optional.ofNullable(zones.get(zone)).or(() -> Optional.ofNullable(fallback));
    }

    private Route routeOne(String name, String challenge, Authority authority) {
        if (followCnames) {
            Optional<String> target = authority.cnameTarget(challenge);
            if (target.isPresent()) {
                String t = DomainNames.recordName(target.get());
                return configuredZone(t).map(z -> new Route(z, t, zones.get(z))).orElseThrow(() ->
                        new CertpilotException(ErrorCode.DOMAIN_NOT_IN_ZONE, challenge + " (for " + name
                                + ") is a CNAME to " + t + ", which is in no configured zone; certpilot writes at a"
                                + " CNAME target only in zones configured with a provider"));
            }
        }
        Optional<String> zone = configuredZone(challenge);
        if (zone.isPresent()) {
            return new Route(zone.get(), challenge, zones.get(zone.get()));
        }
        if (fallback == null) {
            throw notInZone(name);
        }
        if (fallback instanceof ZoneLister lister) {
            Optional<String> listed = lister.zones().stream().map(DomainNames::recordName)
                    .filter(z -> DomainNames.isAtOrBelow(challenge, z))
                    .max(Comparator.comparingInt(String::length));
            return new Route(listed.orElseThrow(() -> new CertpilotException(ErrorCode.ZONE_NOT_FOUND,
                    "the DNS provider hosts no zone that holds " + challenge)), challenge, fallback);
        }
        return new Route(authority.zoneOf(challenge).zone(), challenge, fallback);
    }

    /**
     * Refuses names that certainly cannot be routed, without any DNS lookup: with no fallback provider and CNAMEs
     * not followed, a name under no configured zone.
     */
    public void checkWithoutLookups(List<String> names) {
        if (fallback != null || followCnames) {
            return;
        }
        for (String name : names) {
            if (configuredZone(DomainNames.challengeName(name)).isEmpty()) {
                throw notInZone(name);
            }
        }
    }

    private Optional<String> configuredZone(String recordName) {
        return zones.keySet().stream()
                .filter(z -> DomainNames.isAtOrBelow(recordName, z))
                .max(Comparator.comparingInt(String::length));
    }

    private CertpilotException notInZone(String name) {
        return new CertpilotException(ErrorCode.DOMAIN_NOT_IN_ZONE, "'" + name + "' is in no configured DNS zone "
                + zones.keySet().stream().sorted().toList() + " and no default DNS provider is configured");
    }
}
