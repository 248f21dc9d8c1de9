package dev.certpilot.dns.ovh;

import dev.certpilot.CertpilotException;
import dev.certpilot.ErrorCode;
import dev.certpilot.dns.HttpProviderBuilder;
import dev.certpilot.dns.internal.Authenticator;
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
import java.util.Locale;
import java.util.Map;

/**
 * Publishes dns-01 records in OVHcloud DNS through the OVH API v1, with an application key, application secret and
 * consumer key; every request is signed ({@code X-Ovh-Signature}) with the API's time.
 *
 * <pre>{@code
 * DnsChallengeProvider ovh = OvhDnsProvider.builder().endpoint("ovh-eu")
 *     .credentials(applicationKey, applicationSecret, consumerKey).build();
 * }</pre>
 *
 * <p>OVH keeps one record per TXT value, so present creates the record of its value (unless a record at the name
 * already holds it) and cleanup deletes only the records holding its value; each change is followed by
 * {@code POST /domain/zone/<zone>/refresh}, which makes OVH's DNS servers serve it. The zone is found by name
 * ({@code GET /domain/zone/<zone>}), the record's zone first, cached for an hour. Implements {@link ZoneLister}.
 */
public final class OvhDnsProvider implements DnsChallengeProvider, ZoneLister {

    /** The endpoints OVH's API wrappers know by name. */
    public static final Map<String, String> ENDPOINTS = Map.of(
            "ovh-eu", "https://eu.api.ovh.com/1.0",
            "ovh-ca", "https://ca.api.ovh.com/1.0",
            "ovh-us", "https://api.us.ovhcloud.com/1.0",
            "kimsufi-eu", "https://eu.api.kimsufi.com/1.0",
            "kimsufi-ca", "https://ca.api.kimsufi.com/1.0",
            "soyoustart-eu", "https://eu.api.soyoustart.com/1.0",
            "soyoustart-ca", "https://ca.api.soyoustart.com/1.0");
    /** The default endpoint, {@code ovh-eu}. */
    public static final String DEFAULT_BASE_URL = "https://eu.api.ovh.com/1.0";

    static final String NAME = "ovh";

    private final OvhApi api;
    private final ZoneFinder<String> zones;
    private final String description;

    private OvhDnsProvider(Builder b, HttpSettings settings) {
        Redactor redactor = Redactor.of(b.applicationSecret, b.consumerKey);
        HttpApi timeApi = new HttpApi(NAME, settings, Authenticator.NONE, redactor, OvhApi.errorMessage());
        OvhSigner signer = new OvhSigner(b.applicationKey, b.applicationSecret, b.consumerKey, timeApi,
                settings.clock());
        this.api = new OvhApi(new HttpApi(NAME, settings, signer, redactor, OvhApi.errorMessage()));
        this.zones = new ZoneFinder<>(NAME, api::zoneByName, settings.clock(), Duration.ofHours(1));
        this.description = "OvhDnsProvider[baseUrl=" + settings.baseUrl() + ", applicationKey=" + b.applicationKey
                + "]";
    }

    /** A builder; {@link Builder#credentials} is required. */
    public static Builder builder() {
        return new Builder();
    }

    /** Creates the TXT record holding {@code record.value()} unless one already holds it, then refreshes the zone. */
    @Override
    public void present(ChallengeRecord record) {
        String zone = zones.find(record);
        String sub = subDomain(record, zone);
        boolean exists = api.txtRecords(zone, sub).stream().anyMatch(r -> TxtValues.matches(r.target(), record.value()));
        if (!exists) {
            api.createTxt(zone, sub, record.value(), record.ttl());
            api.refresh(zone);
        }
    }

    /** Deletes the TXT records holding {@code record.value()} at its name, then refreshes the zone. */
    @Override
    public void cleanup(ChallengeRecord record) {
        String zone = zones.find(record);
        boolean deleted = false;
        for (OvhApi.TxtRecord r : api.txtRecords(zone, subDomain(record, zone))) {
            if (TxtValues.matches(r.target(), record.value())) {
                api.delete(zone, r.id());
                deleted = true;
            }
        }
        if (deleted) {
            api.refresh(zone);
        }
    }

    /** Every zone of the account. */
    @Override
    public List<String> zones() {
        return api.zones().stream().sorted().toList();
    }

    /** The endpoint and application key; never the secret or consumer key. */
    @Override
    public String toString() {
        return description;
    }

    private static String subDomain(ChallengeRecord record, String zone) {
        return Zones.relativeName(record.fqdn(), zone, "");
    }

    /** Builds an {@link OvhDnsProvider}. */
    public static final class Builder extends HttpProviderBuilder<Builder, OvhDnsProvider> {

        private String applicationKey;
        private Secret applicationSecret;
        private Secret consumerKey;

        private Builder() {
            super(DEFAULT_BASE_URL);
        }

        /**
         * The application key, application secret and consumer key (lego's {@code OVH_APPLICATION_KEY},
         * {@code OVH_APPLICATION_SECRET}, {@code OVH_CONSUMER_KEY}); the consumer key needs {@code GET}, {@code POST}
         * and {@code DELETE} on {@code /domain/zone/*}.
         */
        public Builder credentials(String applicationKey, String applicationSecret, String consumerKey) {
            if (applicationKey == null || applicationKey.isBlank()) {
                throw new CertpilotException(ErrorCode.INVALID_REQUEST, "applicationKey must not be blank");
            }
            this.applicationKey = applicationKey.strip();
            this.applicationSecret = Secret.of(applicationSecret, "applicationSecret");
            this.consumerKey = Secret.of(consumerKey, "consumerKey");
            return this;
        }

        /**
         * The API endpoint (lego's {@code OVH_ENDPOINT}): a name of {@link #ENDPOINTS} ({@code ovh-eu}, {@code ovh-ca},
         * {@code ovh-us}, {@code kimsufi-eu} ...) or a URL.
         */
        public Builder endpoint(String endpoint) {
            if (endpoint == null || endpoint.isBlank()) {
                throw new CertpilotException(ErrorCode.INVALID_REQUEST, "endpoint must not be blank");
            }
            String known = ENDPOINTS.get(endpoint.strip().toLowerCase(Locale.ROOT));
            return baseUrl(known != null ? known : endpoint);
        }

        /**
         * Builds the provider.
         *
         * @throws CertpilotException {@code INVALID_REQUEST} without credentials
         */
        @Override
        public OvhDnsProvider build() {
            if (applicationKey == null) {
                throw new CertpilotException(ErrorCode.INVALID_REQUEST,
                        "ovh needs an application key, application secret and consumer key");
            }
            return new OvhDnsProvider(this, httpSettings());
        }

        @Override
        protected Builder self() {
            return this;
        }
    }
}
