package dev.certpilot.dns.digitalocean;

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
 * Publishes dns-01 records in DigitalOcean DNS through API v2.
 *
 * <pre>{@code
 * DnsChallengeProvider digitalocean = DigitalOceanDnsProvider.builder()
 *         .authToken(System.getenv("DO_AUTH_TOKEN")).build();
 * }</pre>
 *
 * <p>DigitalOcean keeps one domain record per TXT value, so present creates the record of its value unless it is
 * already there, and cleanup deletes the records holding its value and no other. The zone (a "domain" in
 * DigitalOcean's words) is found by name ({@code GET /v2/domains/<name>}), the record's zone first, and cached for an
 * hour. Credentials: a personal access token with the {@code domain:read}, {@code domain:create} and
 * {@code domain:delete} scopes (or full access), sent as {@code Authorization: Bearer}.
 */
public final class DigitalOceanDnsProvider implements DnsChallengeProvider, ZoneLister {

    /** DigitalOcean's API address (the provider adds {@code /v2}). */
    public static final String DEFAULT_BASE_URL = "https://api.digitalocean.com";

    static final String NAME = "digitalocean";
    /** DigitalOcean refuses a TTL below 30 seconds. */
    private static final int MIN_TTL = 30;

    private final DigitalOceanApi api;
    private final ZoneFinder<String> zones;
    private final String description;

    private DigitalOceanDnsProvider(Builder b, HttpSettings settings) {
        this.api = new DigitalOceanApi(new HttpApi(NAME, settings, Authenticator.bearer(b.authToken),
                Redactor.of(b.authToken), DigitalOceanApi.errorMessage()));
        this.zones = new ZoneFinder<>(NAME, api::zoneByName, settings.clock(), Duration.ofHours(1));
        this.description = "DigitalOceanDnsProvider[baseUrl=" + settings.baseUrl() + ", auth=token]";
    }

    /** A builder; {@link Builder#authToken} is required. */
    public static Builder builder() {
        return new Builder();
    }

    /** Creates the TXT record holding {@code record.value()} unless one already holds it. */
    @Override
    public void present(ChallengeRecord record) {
        String zone = zones.find(record);
        String name = Zones.relativeName(record.fqdn(), zone);
        OneRecordPerValue.present(record.value(), () -> api.txtRecords(zone, record.fqdn()),
                () -> api.createTxt(zone, name, record.value(), Math.max(MIN_TTL, record.ttl())));
    }

    /** Deletes the TXT records holding {@code record.value()} at its name; other values stay. */
    @Override
    public void cleanup(ChallengeRecord record) {
        String zone = zones.find(record);
        OneRecordPerValue.cleanup(record.value(), () -> api.txtRecords(zone, record.fqdn()),
                id -> api.delete(zone, id));
    }

    /** Every domain the token can read. */
    @Override
    public List<String> zones() {
        return api.zones().stream().sorted().toList();
    }

    /** The provider and its base URL; never the token. */
    @Override
    public String toString() {
        return description;
    }

    /** Builds a {@link DigitalOceanDnsProvider}. */
    public static final class Builder extends HttpProviderBuilder<Builder, DigitalOceanDnsProvider> {

        private Secret authToken;

        private Builder() {
            super(DEFAULT_BASE_URL);
        }

        /** A personal access token with read, create and delete access to domains (lego's {@code DO_AUTH_TOKEN}). */
        public Builder authToken(String token) {
            this.authToken = Secret.of(token, "authToken");
            return this;
        }

        /**
         * Builds the provider.
         *
         * @throws CertpilotException {@code INVALID_REQUEST} when the token is missing
         */
        @Override
        public DigitalOceanDnsProvider build() {
            if (authToken == null) {
                throw new CertpilotException(ErrorCode.INVALID_REQUEST, "digitalocean needs an auth token");
            }
            return new DigitalOceanDnsProvider(this, httpSettings());
        }

        @Override
        protected Builder self() {
            return this;
        }
    }
}
