package dev.certpilot.dns.hetznerv1;

import dev.certpilot.CertpilotException;
import dev.certpilot.ErrorCode;
import dev.certpilot.dns.HttpProviderBuilder;
import dev.certpilot.dns.internal.Authenticator;
import dev.certpilot.dns.internal.HttpApi;
import dev.certpilot.dns.internal.HttpSettings;
import dev.certpilot.dns.internal.NameLocks;
import dev.certpilot.dns.internal.Redactor;
import dev.certpilot.dns.internal.Secret;
import dev.certpilot.dns.internal.TxtValues;
import dev.certpilot.dns.internal.ZoneFinder;
import dev.certpilot.dns.internal.Zones;
import dev.certpilot.spi.ChallengeRecord;
import dev.certpilot.spi.DnsChallengeProvider;
import dev.certpilot.spi.ZoneLister;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Publishes dns-01 records in Hetzner DNS through the Hetzner Cloud API ({@code api.hetzner.cloud/v1}, zones and
 * RRSets), where Hetzner moved DNS from the DNS Console API that {@code hetzner} speaks.
 *
 * <pre>{@code
 * DnsChallengeProvider hetzner = HetznerV1DnsProvider.builder().apiToken(System.getenv("HETZNER_API_TOKEN")).build();
 * }</pre>
 *
 * <p>Hetzner keeps the values of one name and type as one RRSet and offers actions that add or remove single values.
 * Present reads the TXT RRSet and, unless its value is there, adds it ({@code add_records}, which creates a missing
 * RRSet; an existing RRSet keeps its TTL); cleanup removes only its value ({@code remove_records}; the RRSet goes
 * with its last value). Both hold a per-name lock around the read and the write. Every write returns an asynchronous
 * action, followed until it succeeds (pausing with the injected sleeper). The zone is found by name
 * ({@code GET /zones?name=}), the record's zone first, then every parent, and cached for an hour. Credentials: a
 * Hetzner Cloud API token with read and write permission, sent as {@code Authorization: Bearer}.
 */
public final class HetznerV1DnsProvider implements DnsChallengeProvider, ZoneLister {

    /** The Hetzner Cloud API's address. */
    public static final String DEFAULT_BASE_URL = "https://api.hetzner.cloud/v1";

    static final String NAME = "hetznerv1";
    private static final int MIN_TTL = 60;

    private final HetznerV1Api api;
    private final ZoneFinder<HetznerV1Api.Zone> zones;
    private final NameLocks locks = new NameLocks();
    private final String description;

    private HetznerV1DnsProvider(Builder b, HttpSettings settings) {
        HttpApi http = new HttpApi(NAME, settings, Authenticator.bearer(b.apiToken), Redactor.of(b.apiToken),
                HetznerV1Api.errorMessage());
        this.api = new HetznerV1Api(http, settings.sleeper());
        this.zones = new ZoneFinder<>(NAME, api::zoneByName, settings.clock(), Duration.ofHours(1));
        this.description = "HetznerV1DnsProvider[baseUrl=" + settings.baseUrl() + ", auth=bearer]";
    }

    /** A builder; {@link Builder#apiToken} is required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Adds {@code record.value()} to the TXT RRSet at its name unless it is already there; the other values stay. A
     * new RRSet gets the record's TTL (at least 60 s), an existing one keeps its own.
     */
    @Override
    public void present(ChallengeRecord record) {
        HetznerV1Api.Zone zone = zones.find(record);
        String name = Zones.relativeName(record.fqdn(), zone.name());
        locks.withLock(record.fqdn(), () -> {
            Optional<HetznerV1Api.TxtSet> set = api.txtSet(zone, name);
            if (set.isEmpty()) {
                api.addTxt(zone, name, Math.max(MIN_TTL, record.ttl()), TxtValues.quote(record.value()));
            } else if (set.get().values().stream().noneMatch(v -> TxtValues.matches(v, record.value()))) {
                api.addTxt(zone, name, set.get().ttl(), TxtValues.quote(record.value()));
            }
        });
    }

    /** Removes {@code record.value()} from the TXT RRSet at its name; other values stay, an absent value is a no-op. */
    @Override
    public void cleanup(ChallengeRecord record) {
        HetznerV1Api.Zone zone = zones.find(record);
        String name = Zones.relativeName(record.fqdn(), zone.name());
        locks.withLock(record.fqdn(), () -> {
            List<String> mine = api.txtSet(zone, name).map(HetznerV1Api.TxtSet::values).orElse(List.of()).stream()
                    .filter(v -> TxtValues.matches(v, record.value())).toList();
            if (!mine.isEmpty()) {
                api.removeTxt(zone, name, mine);
            }
        });
    }

    /** Every zone the token can see. */
    @Override
    public List<String> zones() {
        return api.zones().stream().map(HetznerV1Api.Zone::name).distinct().sorted().toList();
    }

    /** The provider and its base URL; never the token. */
    @Override
    public String toString() {
        return description;
    }

    /** Builds a {@link HetznerV1DnsProvider}. */
    public static final class Builder extends HttpProviderBuilder<Builder, HetznerV1DnsProvider> {

        private Secret apiToken;

        private Builder() {
            super(DEFAULT_BASE_URL);
        }

        /**
         * A Hetzner Cloud API token of the project holding the zones, with read and write permission (lego's
         * {@code HETZNER_API_TOKEN}), sent as {@code Authorization: Bearer}.
         *
         * @throws CertpilotException {@code INVALID_REQUEST} when it is blank
         */
        public Builder apiToken(String token) {
            this.apiToken = Secret.of(token, "apiToken");
            return this;
        }

        /**
         * Builds the provider.
         *
         * @throws CertpilotException {@code INVALID_REQUEST} when the token is missing
         */
        @Override
        public HetznerV1DnsProvider build() {
            if (apiToken == null) {
                throw new CertpilotException(ErrorCode.INVALID_REQUEST, "hetznerv1 needs an API token");
            }
            return new HetznerV1DnsProvider(this, httpSettings());
        }

        @Override
        protected Builder self() {
            return this;
        }
    }
}
