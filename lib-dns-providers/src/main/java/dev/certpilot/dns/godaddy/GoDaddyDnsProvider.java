package dev.certpilot.dns.godaddy;

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
import java.util.ArrayList;
import java.util.List;

/**
 * Publishes dns-01 records in GoDaddy DNS through the Domains API v1 with an API key and secret
 * ({@code Authorization: sso-key <key>:<secret>}).
 *
 * <pre>{@code
 * DnsChallengeProvider godaddy = GoDaddyDnsProvider.builder().credentials(apiKey, apiSecret).build();
 * }</pre>
 *
 * <p>GoDaddy's {@code PUT /v1/domains/<domain>/records/TXT/<name>} replaces all TXT records at the name, so present and
 * cleanup read them, add or remove their value and write the rest back, holding a lock for the name; when the last
 * value goes the records are deleted ({@code DELETE .../records/TXT/<name>}). GoDaddy offers no version check, so
 * another process writing the same name at the same moment can still overwrite a value: give each name one writer.
 * GoDaddy's minimum TTL is 600 seconds. The domain is found by name ({@code GET /v1/domains/<domain>}), the record's
 * zone first, cached for an hour. Implements {@link ZoneLister}.
 */
public final class GoDaddyDnsProvider implements DnsChallengeProvider, ZoneLister {

    /** GoDaddy's production API. */
    public static final String DEFAULT_BASE_URL = "https://api.godaddy.com";

    static final String NAME = "godaddy";
    static final int MIN_TTL = 600;

    private final GoDaddyApi api;
    private final ZoneFinder<String> zones;
    private final NameLocks locks = new NameLocks();
    private final String description;

    private GoDaddyDnsProvider(Builder b, HttpSettings settings) {
        Secret header = Secret.of("sso-key " + b.apiKey.reveal() + ":" + b.apiSecret.reveal(), "authorization");
        this.api = new GoDaddyApi(new HttpApi(NAME, settings, Authenticator.header("Authorization", header),
                Redactor.of(b.apiKey, b.apiSecret, header), GoDaddyApi.errorMessage()));
        this.zones = new ZoneFinder<>(NAME, api::domainByName, settings.clock(), Duration.ofHours(1));
        this.description = "GoDaddyDnsProvider[baseUrl=" + settings.baseUrl() + ", auth=sso-key]";
    }

    /** A builder; {@link Builder#credentials} is required. */
    public static Builder builder() {
        return new Builder();
    }

    /** Adds {@code record.value()} to the TXT records at its name (read, add, replace), keeping the others. */
    @Override
    public void present(ChallengeRecord record) {
        String domain = zones.find(record);
        String name = name(record, domain);
        locks.withLock(record.fqdn(), () -> {
            List<GoDaddyApi.TxtRecord> records = new ArrayList<>(current(domain, name));
            if (records.stream().noneMatch(r -> TxtValues.matches(r.data(), record.value()))) {
                records.add(new GoDaddyApi.TxtRecord(record.value(), Math.max(MIN_TTL, record.ttl())));
                api.replaceTxt(domain, name, records);
            }
        });
    }

    /** Removes {@code record.value()} from the TXT records at its name (replace with the rest, or delete). */
    @Override
    public void cleanup(ChallengeRecord record) {
        String domain = zones.find(record);
        String name = name(record, domain);
        locks.withLock(record.fqdn(), () -> {
            List<GoDaddyApi.TxtRecord> records = new ArrayList<>(current(domain, name));
            if (records.removeIf(r -> TxtValues.matches(r.data(), record.value()))) {
                if (records.isEmpty()) {
                    api.deleteTxt(domain, name);
                } else {
                    api.replaceTxt(domain, name, records);
                }
            }
        });
    }

    /** The account's active domains. */
    @Override
    public List<String> zones() {
        return api.domains().stream().distinct().sorted().toList();
    }

    /** The API address; never the key or secret. */
    @Override
    public String toString() {
        return description;
    }

    /** The records at the name, without the empty placeholders GoDaddy sometimes lists. */
    private List<GoDaddyApi.TxtRecord> current(String domain, String name) {
        return api.txtRecords(domain, name).stream().filter(r -> !r.data().isEmpty())
                .map(r -> new GoDaddyApi.TxtRecord(r.data(), Math.max(MIN_TTL, r.ttl()))).toList();
    }

    private static String name(ChallengeRecord record, String domain) {
        return Zones.relativeName(record.fqdn(), domain, "@");
    }

    /** Builds a {@link GoDaddyDnsProvider}. */
    public static final class Builder extends HttpProviderBuilder<Builder, GoDaddyDnsProvider> {

        private Secret apiKey;
        private Secret apiSecret;

        private Builder() {
            super(DEFAULT_BASE_URL);
        }

        /** The API key and secret (lego's {@code GODADDY_API_KEY}, {@code GODADDY_API_SECRET}). */
        public Builder credentials(String apiKey, String apiSecret) {
            this.apiKey = Secret.of(apiKey, "apiKey");
            this.apiSecret = Secret.of(apiSecret, "apiSecret");
            return this;
        }

        /**
         * Builds the provider.
         *
         * @throws CertpilotException {@code INVALID_REQUEST} without credentials
         */
        @Override
        public GoDaddyDnsProvider build() {
            if (apiKey == null) {
                throw new CertpilotException(ErrorCode.INVALID_REQUEST, "godaddy needs an API key and secret");
            }
            return new GoDaddyDnsProvider(this, httpSettings());
        }

        @Override
        protected Builder self() {
            return this;
        }
    }
}
