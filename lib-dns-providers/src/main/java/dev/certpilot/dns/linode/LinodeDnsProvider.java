package dev.certpilot.dns.linode;

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
 * Publishes dns-01 records in Linode (Akamai Cloud) DNS Manager through API v4.
 *
 * <pre>{@code
 * DnsChallengeProvider linode = LinodeDnsProvider.builder().token(System.getenv("LINODE_TOKEN")).build();
 * }</pre>
 *
 * <p>Linode keeps one domain record per TXT value, so present creates the record of its value unless it is already
 * there, and cleanup deletes the records holding its value and no other. The domain is found by name
 * ({@code GET /v4/domains} with an {@code X-Filter}), the record's zone first, and cached for an hour. Credentials: a
 * personal access token with the Domains read/write scope, sent as {@code Authorization: Bearer}.
 */
public final class LinodeDnsProvider implements DnsChallengeProvider, ZoneLister {

    /** Linode's API address (the provider adds {@code /v4}). */
    public static final String DEFAULT_BASE_URL = "https://api.linode.com";

    static final String NAME = "linode";
    /** Linode's smallest TTL; it rounds others up to the next value it supports. */
    private static final int MIN_TTL = 30;

    private final LinodeApi api;
    private final ZoneFinder<LinodeApi.Zone> zones;
    private final String description;

    private LinodeDnsProvider(Builder b, HttpSettings settings) {
        this.api = new LinodeApi(new HttpApi(NAME, settings, Authenticator.bearer(b.token), Redactor.of(b.token),
                LinodeApi.errorMessage()));
        this.zones = new ZoneFinder<>(NAME, api::zoneByName, settings.clock(), Duration.ofHours(1));
        this.description = "LinodeDnsProvider[baseUrl=" + settings.baseUrl() + ", auth=token]";
    }

    /** A builder; {@link Builder#token} is required. */
    public static Builder builder() {
        return new Builder();
    }

    /** Creates the TXT record holding {@code record.value()} unless one already holds it. */
    @Override
    public void present(ChallengeRecord record) {
        LinodeApi.Zone zone = zones.find(record);
        String name = Zones.relativeName(record.fqdn(), zone.name(), "");
        OneRecordPerValue.present(record.value(), () -> api.txtRecords(zone, name),
                () -> api.createTxt(zone, name, record.value(), Math.max(MIN_TTL, record.ttl())));
    }

    /** Deletes the TXT records holding {@code record.value()} at its name; other values stay. */
    @Override
    public void cleanup(ChallengeRecord record) {
        LinodeApi.Zone zone = zones.find(record);
        String name = Zones.relativeName(record.fqdn(), zone.name(), "");
        OneRecordPerValue.cleanup(record.value(), () -> api.txtRecords(zone, name), id -> api.delete(zone, id));
    }

    /** Every domain the token can read. */
    @Override
    public List<String> zones() {
        return api.zones().stream().map(LinodeApi.Zone::name).sorted().toList();
    }

    /** The provider and its base URL; never the token. */
    @Override
    public String toString() {
        return description;
    }

    /** Builds a {@link LinodeDnsProvider}. */
    public static final class Builder extends HttpProviderBuilder<Builder, LinodeDnsProvider> {

        private Secret token;

        private Builder() {
            super(DEFAULT_BASE_URL);
        }

        /** A personal access token with Domains read/write (lego's {@code LINODE_TOKEN}). */
        public Builder token(String token) {
            this.token = Secret.of(token, "token");
            return this;
        }

        /**
         * Builds the provider.
         *
         * @throws CertpilotException {@code INVALID_REQUEST} when the token is missing
         */
        @Override
        public LinodeDnsProvider build() {
            if (token == null) {
                throw new CertpilotException(ErrorCode.INVALID_REQUEST, "linode needs a token");
            }
            return new LinodeDnsProvider(this, httpSettings());
        }

        @Override
        protected Builder self() {
            return this;
        }
    }
}
