package dev.certpilot.dns.internal;

import dev.certpilot.ErrorCode;
import dev.certpilot.spi.ChallengeRecord;
import dev.certpilot.spi.DnsProviderException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Finds the provider's own zone object (an id, a zone document) for a record by asking the provider about candidate
 * zone names, and caches what it found.
 *
 * <p>The record's {@linkplain ChallengeRecord#zone() zone} is asked first (it is right nearly always, so one request
 * suffices); then every other ancestor of the record name, longest first. The first name the provider knows wins.
 * Found zones are cached for {@code ttl}; a miss is not cached.
 *
 * @param <Z> what the provider calls a zone, e.g. a zone id
 */
public final class ZoneFinder<Z> {

    private final String provider;
    private final Function<String, Optional<Z>> lookup;
    private final Clock clock;
    private final Duration ttl;
    private final ConcurrentHashMap<String, Cached<Z>> cache = new ConcurrentHashMap<>();

    /**
     * Creates a finder.
     *
     * @param provider the provider's name, for the error
     * @param lookup   asks the provider whether it hosts a zone of exactly that name (normalized, no trailing dot)
     * @param clock    measures cache age
     * @param ttl      how long a found zone is trusted
     */
    public ZoneFinder(String provider, Function<String, Optional<Z>> lookup, Clock clock, Duration ttl) {
        this.provider = Objects.requireNonNull(provider, "provider");
        this.lookup = Objects.requireNonNull(lookup, "lookup");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ttl = Objects.requireNonNull(ttl, "ttl");
    }

    /**
     * The provider's zone for the record.
     *
     * @throws DnsProviderException {@code ZONE_NOT_FOUND} when the provider hosts none of the candidate names, or
     *                              {@code DNS_PROVIDER_ERROR} when asking failed
     */
    public Z find(ChallengeRecord record) {
        List<String> order = new ArrayList<>();
        order.add(record.zone());
        for (String candidate : Zones.candidates(record.fqdn())) {
            if (!candidate.equals(record.zone())) {
                order.add(candidate);
            }
        }
        Instant now = clock.instant();
        for (String name : order) {
            Cached<Z> hit = cache.get(name);
            if (hit != null && hit.expires.isAfter(now)) {
                return hit.zone;
            }
        }
        for (String name : order) {
            Optional<Z> zone = lookup.apply(name);
            if (zone.isPresent()) {
                cache.put(name, new Cached<>(zone.get(), now.plus(ttl)));
                return zone.get();
            }
        }
        throw new DnsProviderException(provider, ErrorCode.ZONE_NOT_FOUND,
                "no zone for '" + record.fqdn() + "' in this account (asked for " + order + ")", 0, null);
    }

    /** Forgets every cached zone, e.g. after the provider said a cached zone id no longer exists. */
    public void invalidate() {
        cache.clear();
    }

    private record Cached<Z>(Z zone, Instant expires) {
    }
}
