package dev.certpilot.dns.porkbun;

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
import java.util.Optional;

/**
 * Publishes dns-01 records in Porkbun DNS through API v3.
 *
 * <pre>{@code
 * DnsChallengeProvider porkbun = PorkbunDnsProvider.builder()
 *         .apiKey(System.getenv("PORKBUN_API_KEY"), System.getenv("PORKBUN_SECRET_API_KEY")).build();
 * }</pre>
 *
 * <p>Porkbun keeps one record per TXT value, so present creates the record of its value unless it is already there,
 * and cleanup deletes the records holding its value and no other. Porkbun's API addresses records by registered
 * domain and subdomain, so the domain is detected from the account's domains ({@code /domain/listAll}): the record's
 * zone first, then its other ancestors, cached for an hour. The domain must have API access enabled in Porkbun's
 * dashboard. Credentials: an API key and its secret key, sent in every request's JSON body.
 */
public final class PorkbunDnsProvider implements DnsChallengeProvider, ZoneLister {

    /** Porkbun's API address. */
    public static final String DEFAULT_BASE_URL = "https://api.porkbun.com/api/json/v3";

    static final String NAME = "porkbun";
    /** Porkbun's smallest (and default) TTL. */
    private static final int MIN_TTL = 600;

    private final PorkbunApi api;
    private final ZoneFinder<String> zones;
    private final String description;

    private PorkbunDnsProvider(Builder b, HttpSettings settings) {
        this.api = new PorkbunApi(new HttpApi(NAME, settings, Authenticator.NONE,
                Redactor.of(b.apiKey, b.secretApiKey), PorkbunApi.errorMessage()), NAME, b.apiKey, b.secretApiKey,
                settings.clock());
        this.zones = new ZoneFinder<>(NAME, name -> api.hasDomain(name) ? Optional.of(name) : Optional.empty(),
                settings.clock(), Duration.ofHours(1));
        this.description = "PorkbunDnsProvider[baseUrl=" + settings.baseUrl() + ", auth=API key + secret key]";
    }

    /** A builder; {@link Builder#apiKey} is required. */
    public static Builder builder() {
        return new Builder();
    }

    /** Creates the TXT record holding {@code record.value()} unless one already holds it. */
    @Override
    public void present(ChallengeRecord record) {
        String domain = zones.find(record);
        String subdomain = Zones.relativeName(record.fqdn(), domain, "");
        OneRecordPerValue.present(record.value(), () -> api.txtRecords(domain, subdomain),
                () -> api.createTxt(domain, subdomain, record.value(), Math.max(MIN_TTL, record.ttl())));
    }

    /** Deletes the TXT records holding {@code record.value()} at its name; other values stay. */
    @Override
    public void cleanup(ChallengeRecord record) {
        String domain = zones.find(record);
        String subdomain = Zones.relativeName(record.fqdn(), domain, "");
        OneRecordPerValue.cleanup(record.value(), () -> api.txtRecords(domain, subdomain),
                id -> api.delete(domain, id));
    }

    /** Every domain of the account. */
    @Override
    public List<String> zones() {
        return api.domains().stream().sorted().toList();
    }

    /** The provider and its base URL; never the keys. */
    @Override
    public String toString() {
        return description;
    }

    /** Builds a {@link PorkbunDnsProvider}. */
    public static final class Builder extends HttpProviderBuilder<Builder, PorkbunDnsProvider> {

        private Secret apiKey;
        private Secret secretApiKey;

        private Builder() {
            super(DEFAULT_BASE_URL);
        }

        /**
         * The API key and its secret key (lego's {@code PORKBUN_API_KEY} and {@code PORKBUN_SECRET_API_KEY}).
         */
        public Builder apiKey(String apiKey, String secretApiKey) {
            this.apiKey = Secret.of(apiKey, "apiKey");
            this.secretApiKey = Secret.of(secretApiKey, "secretApiKey");
            return this;
        }

        /**
         * Builds the provider.
         *
         * @throws CertpilotException {@code INVALID_REQUEST} when the keys are missing
         */
        @Override
        public PorkbunDnsProvider build() {
            if (apiKey == null) {
                throw new CertpilotException(ErrorCode.INVALID_REQUEST, "porkbun needs an API key and a secret key");
            }
            return new PorkbunDnsProvider(this, httpSettings());
        }

        @Override
        protected Builder self() {
            return this;
        }
    }
}
