package dev.certpilot.dns.hetzner;

import dev.certpilot.CertpilotException;
import dev.certpilot.ErrorCode;
import dev.certpilot.dns.HttpProviderBuilder;
import dev.certpilot.dns.internal.Authenticator;
import dev.certpilot.dns.internal.HttpApi;
import dev.certpilot.dns.internal.HttpSettings;
import dev.certpilot.dns.internal.OneRecordPerValue;
import dev.certpilot.dns.internal.Redactor;
import dev.certpilot.dns.internal.Secret;
import dev.certpilot.dns.internal.ZoneFinder;
import dev.certpilot.dns.internal.Zones;
import dev.certpilot.spi.ChallengeRecord;
import dev.certpilot.spi.DnsChallengeProvider;
import dev.certpilot.spi.ZoneLister;
import java.time.Duration;
import java.util.List;

/**
 * Publishes dns-01 records in Hetzner DNS through the DNS Console API ({@code dns.hetzner.com/api/v1}).
 *
 * <pre>{@code
 * DnsChallengeProvider hetzner = HetznerDnsProvider.builder().apiKey(System.getenv("HETZNER_API_KEY")).build();
 * }</pre>
 *
 * <p>Hetzner keeps one record per TXT value, so present creates the record of its value unless it is already there,
 * and cleanup deletes the records holding its value and no other. The zone is found by name
 * ({@code GET /api/v1/zones?name=}), the record's zone first, and cached for an hour. Credentials: a DNS Console API
 * token, sent as {@code Auth-API-Token}.
 */
public final class HetznerDnsProvider implements DnsChallengeProvider, ZoneLister {

    /** The DNS Console API's address (the provider adds {@code /api/v1}). */
    public static final String DEFAULT_BASE_URL = "https://dns.hetzner.com";

    static final String NAME = "hetzner";
    private static final int MIN_TTL = 60;

    private final HetznerApi api;
    private final ZoneFinder<HetznerApi.Zone> zones;
    private final String description;

    private HetznerDnsProvider(Builder b, HttpSettings settings) {
        this.api = new HetznerApi(new HttpApi(NAME, settings, Authenticator.header("Auth-API-Token", b.apiKey),
                Redactor.of(b.apiKey), HetznerApi.errorMessage()));
        this.zones = new ZoneFinder<>(NAME, api::zoneByName, settings.clock(), Duration.ofHours(1));
        this.description = "HetznerDnsProvider[baseUrl=" + settings.baseUrl() + ", auth=Auth-API-Token]";
    }

    /** A builder; {@link Builder#apiKey} is required. */
    public static Builder builder() {
        return new Builder();
    }

    /** Creates the TXT record holding {@code record.value()} unless one already holds it. */
    @Override
    public void present(ChallengeRecord record) {
        HetznerApi.Zone zone = zones.find(record);
        String name = Zones.relativeName(record.fqdn(), zone.name());
        OneRecordPerValue.present(record.value(), () -> api.txtRecords(zone, name),
                () -> api.createTxt(zone, name, record.value(), Math.max(MIN_TTL, record.ttl())));
    }

    /** Deletes the TXT records holding {@code record.value()} at its name; other values stay. */
    @Override
    public void cleanup(ChallengeRecord record) {
        HetznerApi.Zone zone = zones.find(record);
        String name = Zones.relativeName(record.fqdn(), zone.name());
        OneRecordPerValue.cleanup(record.value(), () -> api.txtRecords(zone, name), api::delete);
    }

    /** Every zone the token can read. */
    @Override
    public List<String> zones() {
        return api.zones().stream().map(HetznerApi.Zone::name).sorted().toList();
    }

    /** The provider and its base URL; never the token. */
    @Override
    public String toString() {
        return description;
    }

    /** Builds a {@link HetznerDnsProvider}. */
    public static final class Builder extends HttpProviderBuilder<Builder, HetznerDnsProvider> {

        private Secret apiKey;

        private Builder() {
            super(DEFAULT_BASE_URL);
        }

        /** A DNS Console API token (lego's {@code HETZNER_API_KEY}), sent as {@code Auth-API-Token}. */
        public Builder apiKey(String token) {
            this.apiKey = Secret.of(token, "apiKey");
            return this;
        }

        /**
         * Builds the provider.
         *
         * @throws CertpilotException {@code INVALID_REQUEST} when the token is missing
         */
        @Override
        public HetznerDnsProvider build() {
            if (apiKey == null) {
                throw new CertpilotException(ErrorCode.INVALID_REQUEST, "hetzner needs an API key");
            }
            return new HetznerDnsProvider(this, httpSettings());
        }

        @Override
        protected Builder self() {
            return this;
        }
    }
}
