package dev.certpilot.dns.vultr;

import dev.certpilot.CertpilotException;
import dev.certpilot.ErrorCode;
import dev.certpilot.dns.HttpProviderBuilder;
import dev.certpilot.dns.internal.Authenticator;
import dev.certpilot.dns.internal.HttpApi;
import dev.certpilot.dns.internal.HttpSettings;
import dev.certpilot.dns.internal.OneRecordPerValue;
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

/**
 * Publishes dns-01 records in Vultr DNS through API v2.
 *
 * <pre>{@code
 * DnsChallengeProvider vultr = VultrDnsProvider.builder().apiKey(System.getenv("VULTR_API_KEY")).build();
 * }</pre>
 *
 * <p>Vultr keeps one record per TXT value, so present creates the record of its value unless it is already there,
 * and cleanup deletes the records holding its value and no other. The domain is found by name
 * ({@code GET /v2/domains/<name>}), the record's zone first, and cached for an hour. Credentials: a personal access
 * token (API key), sent as {@code Authorization: Bearer}; the account's API access control list must allow the
 * caller's address.
 */
public final class VultrDnsProvider implements DnsChallengeProvider, ZoneLister {

    /** Vultr's API address (the provider adds {@code /v2}). */
    public static final String DEFAULT_BASE_URL = "https://api.vultr.com";

    static final String NAME = "vultr";

    private final VultrApi api;
    private final ZoneFinder<String> zones;
    private final String description;

    private VultrDnsProvider(Builder b, HttpSettings settings) {
        this.api = new VultrApi(new HttpApi(NAME, settings, Authenticator.bearer(b.apiKey), Redactor.of(b.apiKey),
                VultrApi.errorMessage()));
        this.zones = new ZoneFinder<>(NAME, api::zoneByName, settings.clock(), Duration.ofHours(1));
        this.description = "VultrDnsProvider[baseUrl=" + settings.baseUrl() + ", auth=API key]";
    }

    /** A builder; {@link Builder#apiKey} is required. */
    public static Builder builder() {
        return new Builder();
    }

    /** Creates the TXT record holding {@code record.value()} unless one already holds it. */
    @Override
    public void present(ChallengeRecord record) {
        String zone = zones.find(record);
        String name = Zones.relativeName(record.fqdn(), zone, "");
        OneRecordPerValue.present(record.value(), () -> api.txtRecords(zone, name),
                () -> api.createTxt(zone, name, TxtValues.quote(record.value()), record.ttl()));
    }

    /** Deletes the TXT records holding {@code record.value()} at its name; other values stay. */
    @Override
    public void cleanup(ChallengeRecord record) {
        String zone = zones.find(record);
        String name = Zones.relativeName(record.fqdn(), zone, "");
        OneRecordPerValue.cleanup(record.value(), () -> api.txtRecords(zone, name), id -> api.delete(zone, id));
    }

    /** Every DNS domain of the account. */
    @Override
    public List<String> zones() {
        return api.zones().stream().sorted().toList();
    }

    /** The provider and its base URL; never the key. */
    @Override
    public String toString() {
        return description;
    }

    /** Builds a {@link VultrDnsProvider}. */
    public static final class Builder extends HttpProviderBuilder<Builder, VultrDnsProvider> {

        private Secret apiKey;

        private Builder() {
            super(DEFAULT_BASE_URL);
        }

        /** A Vultr API key / personal access token (lego's {@code VULTR_API_KEY}). */
        public Builder apiKey(String key) {
            this.apiKey = Secret.of(key, "apiKey");
            return this;
        }

        /**
         * Builds the provider.
         *
         * @throws CertpilotException {@code INVALID_REQUEST} when the key is missing
         */
        @Override
        public VultrDnsProvider build() {
            if (apiKey == null) {
                throw new CertpilotException(ErrorCode.INVALID_REQUEST, "vultr needs an API key");
            }
            return new VultrDnsProvider(this, httpSettings());
        }

        @Override
        protected Builder self() {
            return this;
        }
    }
}
