package dev.certpilot.dns.cloudflare;

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
import dev.certpilot.spi.ChallengeRecord;
import dev.certpilot.spi.DnsChallengeProvider;
import dev.certpilot.spi.ZoneLister;
import java.time.Duration;
import java.util.List;

/**
 * Publishes dns-01 records in Cloudflare DNS through API v4.
 *
 * <pre>{@code
 * DnsChallengeProvider cloudflare = CloudflareDnsProvider.builder().apiToken(System.getenv("CF_DNS_API_TOKEN")).build();
 * }</pre>
 *
 * <p>Cloudflare keeps one record per TXT value, so several values at one name are several records: present creates
 * the record of its value (unless it is already there), cleanup deletes the records holding its value and no other.
 * The zone is found by name ({@code GET /zones?name=}), the record's zone first, and cached for an hour.
 *
 * <p>Credentials: an API token with Zone:Read and DNS:Edit (optionally a second token for Zone:Read only), or the
 * legacy account email plus Global API Key.
 */
public final class CloudflareDnsProvider implements DnsChallengeProvider, ZoneLister {

    /** Cloudflare's API address. */
    public static final String DEFAULT_BASE_URL = "https://api.cloudflare.com/client/v4";

    static final String NAME = "cloudflare";
    private static final int MIN_TTL = 60;

    private final CloudflareApi api;
    private final ZoneFinder<CloudflareApi.Zone> zones;
    private final String description;

    private CloudflareDnsProvider(Builder b, HttpSettings settings) {
        Authenticator dnsAuth = b.apiToken != null ? Authenticator.bearer(b.apiToken)
                : Authenticator.header("X-Auth-Email", Secret.of(b.email, "email"))
                        .and(Authenticator.header("X-Auth-Key", b.apiKey));
        Authenticator zoneAuth = b.zoneApiToken != null ? Authenticator.bearer(b.zoneApiToken) : dnsAuth;
        Redactor redactor = Redactor.of(b.apiToken, b.zoneApiToken, b.apiKey);
        this.api = new CloudflareApi(
                new HttpApi(NAME, settings, zoneAuth, redactor, CloudflareApi.errorMessage()),
                new HttpApi(NAME, settings, dnsAuth, redactor, CloudflareApi.errorMessage()));
        this.zones = new ZoneFinder<>(NAME, api::zoneByName, settings.clock(), Duration.ofHours(1));
        this.description = "CloudflareDnsProvider[baseUrl=" + settings.baseUrl() + ", auth="
                + (b.apiToken != null ? (b.zoneApiToken != null ? "API token + zone token" : "API token")
                        : "email + Global API Key") + "]";
    }

    /** A builder; give either {@link Builder#apiToken} or {@link Builder#apiKey}. */
    public static Builder builder() {
        return new Builder();
    }

    /** Creates the TXT record holding {@code record.value()} unless one already holds it. */
    @Override
    public void present(ChallengeRecord record) {
        CloudflareApi.Zone zone = zones.find(record);
        boolean exists = api.txtRecords(zone.id(), record.fqdn()).stream()
                .anyMatch(r -> TxtValues.matches(r.content(), record.value()));
        if (!exists) {
            api.createTxt(zone.id(), record.fqdn(), TxtValues.quote(record.value()), Math.max(MIN_TTL, record.ttl()));
        }
    }

    /** Deletes the TXT records holding {@code record.value()} at its name; other values stay. */
    @Override
    public void cleanup(ChallengeRecord record) {
        CloudflareApi.Zone zone = zones.find(record);
        for (CloudflareApi.DnsRecord r : api.txtRecords(zone.id(), record.fqdn())) {
            if (TxtValues.matches(r.content(), record.value())) {
                api.delete(zone.id(), r.id());
            }
        }
    }

    /** Every zone the credentials can read. */
    @Override
    public List<String> zones() {
        return api.zones().stream().map(CloudflareApi.Zone::name).sorted().toList();
    }

    /** The provider, its base URL and kind of credentials; never the credentials. */
    @Override
    public String toString() {
        return description;
    }

    /** Builds a {@link CloudflareDnsProvider}. */
    public static final class Builder extends HttpProviderBuilder<Builder, CloudflareDnsProvider> {

        private Secret apiToken;
        private Secret zoneApiToken;
        private String email;
        private Secret apiKey;

        private Builder() {
            super(DEFAULT_BASE_URL);
        }

        /** An API token with Zone:Read and DNS:Edit permissions (lego's {@code CF_DNS_API_TOKEN}). */
        public Builder apiToken(String token) {
            this.apiToken = Secret.of(token, "apiToken");
            return this;
        }

        /**
         * A second API token with Zone:Read permission, used only to find zones (lego's {@code CF_ZONE_API_TOKEN});
         * only together with {@link #apiToken}.
         */
        public Builder zoneApiToken(String token) {
            this.zoneApiToken = Secret.of(token, "zoneApiToken");
            return this;
        }

        /**
         * The legacy credentials: account email and Global API Key (lego's {@code CF_API_EMAIL} and
         * {@code CF_API_KEY}), instead of an API token.
         */
        public Builder apiKey(String email, String globalApiKey) {
            if (email == null || email.isBlank()) {
                throw new CertpilotException(ErrorCode.INVALID_REQUEST, "apiEmail must not be blank");
            }
            this.email = email.strip();
            this.apiKey = Secret.of(globalApiKey, "apiKey");
            return this;
        }

        /**
         * Builds the provider.
         *
         * @throws CertpilotException {@code INVALID_REQUEST} unless exactly one kind of credentials was given
         */
        @Override
        public CloudflareDnsProvider build() {
            if ((apiToken == null) == (apiKey == null)) {
                throw new CertpilotException(ErrorCode.INVALID_REQUEST,
                        "cloudflare needs either an API token or an email with a Global API Key, not both");
            }
            if (zoneApiToken != null && apiToken == null) {
                throw new CertpilotException(ErrorCode.INVALID_REQUEST,
                        "cloudflare's zone API token goes only with an API token");
            }
            return new CloudflareDnsProvider(this, httpSettings());
        }

        @Override
        protected Builder self() {
            return this;
        }
    }
}
