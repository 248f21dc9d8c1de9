package dev.certpilot.dns.exoscale;

import dev.certpilot.CertpilotException;
import dev.certpilot.ErrorCode;
import dev.certpilot.dns.HttpProviderBuilder;
import dev.certpilot.dns.internal.HttpApi;
import dev.certpilot.dns.internal.HttpSettings;
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
 * Publishes dns-01 records in Exoscale DNS through the Exoscale API v2, signing each request
 * ({@code EXO2-HMAC-SHA256}) with the API key and secret.
 *
 * <pre>{@code
 * DnsChallengeProvider exoscale = ExoscaleDnsProvider.builder().credentials(apiKey, apiSecret).build();
 * }</pre>
 *
 * <p>Exoscale keeps one record per TXT value, so present creates the record of its value unless one at the name holds
 * it, and cleanup deletes only the records holding its value; each write returns an operation, followed until it
 * succeeds (pausing with the injected sleeper). The domain is found in the account's list ({@code GET /dns-domain}),
 * the record's zone first, cached for an hour. Implements {@link ZoneLister}.
 */
public final class ExoscaleDnsProvider implements DnsChallengeProvider, ZoneLister {

    /** Exoscale's API in zone ch-gva-2, which serves DNS for every zone. */
    public static final String DEFAULT_BASE_URL = "https://api-ch-gva-2.exoscale.com/v2";

    static final String NAME = "exoscale";

    private final ExoscaleApi api;
    private final ZoneFinder<ExoscaleApi.Domain> zones;
    private final String description;

    private ExoscaleDnsProvider(Builder b, HttpSettings settings) {
        HttpApi http = new HttpApi(NAME, settings, new ExoscaleSigner(b.apiKey, b.apiSecret, settings.clock()),
                Redactor.of(b.apiSecret), ExoscaleApi.errorMessage());
        this.api = new ExoscaleApi(http, settings.sleeper());
        this.zones = new ZoneFinder<>(NAME, this::domainByName, settings.clock(), Duration.ofHours(1));
        this.description = "ExoscaleDnsProvider[baseUrl=" + settings.baseUrl() + ", apiKey=" + b.apiKey + "]";
    }

    /** A builder; {@link Builder#credentials} is required. */
    public static Builder builder() {
        return new Builder();
    }

    /** Creates the TXT record holding {@code record.value()} unless one at its name already holds it. */
    @Override
    public void present(ChallengeRecord record) {
        ExoscaleApi.Domain domain = zones.find(record);
        String name = name(record, domain);
        if (api.txtRecords(domain.id(), name).stream().noneMatch(r -> TxtValues.matches(r.content(), record.value()))) {
            api.createTxt(domain.id(), name, record.value(), record.ttl());
        }
    }

    /** Deletes the TXT records holding {@code record.value()} at its name; other values stay. */
    @Override
    public void cleanup(ChallengeRecord record) {
        ExoscaleApi.Domain domain = zones.find(record);
        for (ExoscaleApi.TxtRecord r : api.txtRecords(domain.id(), name(record, domain))) {
            if (TxtValues.matches(r.content(), record.value())) {
                api.delete(domain.id(), r.id());
            }
        }
    }

    /** Every domain of the account. */
    @Override
    public List<String> zones() {
        return api.domains().stream().map(ExoscaleApi.Domain::name).distinct().sorted().toList();
    }

    /** The endpoint and API key; never the secret. */
    @Override
    public String toString() {
        return description;
    }

    private Optional<ExoscaleApi.Domain> domainByName(String name) {
        return api.domains().stream().filter(d -> d.name().equals(name)).findFirst();
    }

    private static String name(ChallengeRecord record, ExoscaleApi.Domain domain) {
        return Zones.relativeName(record.fqdn(), domain.name(), "");
    }

    /** Builds an {@link ExoscaleDnsProvider}. */
    public static final class Builder extends HttpProviderBuilder<Builder, ExoscaleDnsProvider> {

        private String apiKey;
        private Secret apiSecret;

        private Builder() {
            super(DEFAULT_BASE_URL);
        }

        /** The API key and secret (lego's {@code EXOSCALE_API_KEY}, {@code EXOSCALE_API_SECRET}). */
        public Builder credentials(String apiKey, String apiSecret) {
            if (apiKey == null || apiKey.isBlank()) {
                throw new CertpilotException(ErrorCode.INVALID_REQUEST, "apiKey must not be blank");
            }
            this.apiKey = apiKey.strip();
            this.apiSecret = Secret.of(apiSecret, "apiSecret");
            return this;
        }

        /** The API endpoint (lego's {@code EXOSCALE_ENDPOINT}), e.g. {@code https://api-de-fra-1.exoscale.com/v2}. */
        public Builder endpoint(String url) {
            return baseUrl(url);
        }

        /**
         * Builds the provider.
         *
         * @throws CertpilotException {@code INVALID_REQUEST} without credentials
         */
        @Override
        public ExoscaleDnsProvider build() {
            if (apiKey == null) {
                throw new CertpilotException(ErrorCode.INVALID_REQUEST, "exoscale needs an API key and secret");
            }
            return new ExoscaleDnsProvider(this, httpSettings());
        }

        @Override
        protected Builder self() {
            return this;
        }
    }
}
