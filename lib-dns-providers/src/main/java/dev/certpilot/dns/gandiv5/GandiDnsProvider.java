package dev.certpilot.dns.gandiv5;

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
import java.util.Map;

/**
 * Publishes dns-01 records in Gandi LiveDNS through the v5 API.
 *
 * <pre>{@code
 * DnsChallengeProvider gandi = GandiDnsProvider.builder()
 *         .personalAccessToken(System.getenv("GANDIV5_PERSONAL_ACCESS_TOKEN")).build();
 * }</pre>
 *
 * <p>LiveDNS keeps the values of one name and type as one record set, and {@code PUT} replaces the whole set, so
 * present and cleanup read the set, add or remove their one value and write it back, holding a per-name lock: two
 * concurrent presents at one name in this JVM never lose a value. (Writers in other processes can still race; give
 * each name one writer.) The last value removed deletes the set. The zone is found by name
 * ({@code GET /v5/livedns/domains/<name>}), the record's zone first, and cached for an hour.
 *
 * <p>Credentials: a personal access token with "Manage domain name technical configurations" (sent as
 * {@code Authorization: Bearer}), or the deprecated API key ({@code Authorization: Apikey}).
 */
public final class GandiDnsProvider implements DnsChallengeProvider, ZoneLister {

    /** Gandi's API address (the provider adds {@code /v5/livedns}). */
    public static final String DEFAULT_BASE_URL = "https://api.gandi.net";

    static final String NAME = "gandiv5";
    /** LiveDNS refuses a TTL below 300 seconds. */
    private static final int MIN_TTL = 300;

    private final GandiApi api;
    private final ZoneFinder<String> zones;
    private final NameLocks locks = new NameLocks();
    private final String description;

    private GandiDnsProvider(Builder b, HttpSettings settings) {
        Authenticator auth = b.token != null ? Authenticator.bearer(b.token)
                : (m, u, body) -> Map.of("Authorization", "Apikey " + b.apiKey.reveal());
        this.api = new GandiApi(new HttpApi(NAME, settings, auth, Redactor.of(b.token, b.apiKey),
                GandiApi.errorMessage()));
        this.zones = new ZoneFinder<>(NAME, api::zoneByName, settings.clock(), Duration.ofHours(1));
        this.description = "GandiDnsProvider[baseUrl=" + settings.baseUrl() + ", auth="
                + (b.token != null ? "personal access token" : "API key") + "]";
    }

    /** A builder; give {@link Builder#personalAccessToken} or {@link Builder#apiKey}. */
    public static Builder builder() {
        return new Builder();
    }

    /** Adds {@code record.value()} to the TXT set at its name (read, add, replace), keeping the other values. */
    @Override
    public void present(ChallengeRecord record) {
        String zone = zones.find(record);
        String name = Zones.relativeName(record.fqdn(), zone);
        locks.withLock(record.fqdn(), () -> {
            List<String> values = new ArrayList<>(api.txtValues(zone, name));
            if (values.stream().noneMatch(v -> TxtValues.matches(v, record.value()))) {
                values.add(TxtValues.quote(record.value()));
                api.replaceTxt(zone, name, Math.max(MIN_TTL, record.ttl()), values);
            }
        });
    }

    /** Removes {@code record.value()} from the TXT set at its name (read, remove, replace or delete). */
    @Override
    public void cleanup(ChallengeRecord record) {
        String zone = zones.find(record);
        String name = Zones.relativeName(record.fqdn(), zone);
        locks.withLock(record.fqdn(), () -> {
            List<String> values = new ArrayList<>(api.txtValues(zone, name));
            if (values.removeIf(v -> TxtValues.matches(v, record.value()))) {
                api.replaceTxt(zone, name, Math.max(MIN_TTL, record.ttl()), values);
            }
        });
    }

    /** Every LiveDNS domain the credentials can see. */
    @Override
    public List<String> zones() {
        return api.zones().stream().sorted().toList();
    }

    /** The provider, its base URL and kind of credentials; never the credentials. */
    @Override
    public String toString() {
        return description;
    }

    /** Builds a {@link GandiDnsProvider}. */
    public static final class Builder extends HttpProviderBuilder<Builder, GandiDnsProvider> {

        private Secret token;
        private Secret apiKey;

        private Builder() {
            super(DEFAULT_BASE_URL);
        }

        /** A personal access token (lego's {@code GANDIV5_PERSONAL_ACCESS_TOKEN}), sent as a bearer token. */
        public Builder personalAccessToken(String pat) {
            this.token = Secret.of(pat, "personalAccessToken");
            return this;
        }

        /** The deprecated API key (lego's {@code GANDIV5_API_KEY}), sent as {@code Authorization: Apikey}. */
        public Builder apiKey(String key) {
            this.apiKey = Secret.of(key, "apiKey");
            return this;
        }

        /**
         * Builds the provider.
         *
         * @throws CertpilotException {@code INVALID_REQUEST} unless exactly one kind of credentials was given
         */
        @Override
        public GandiDnsProvider build() {
            if ((token == null) == (apiKey == null)) {
                throw new CertpilotException(ErrorCode.INVALID_REQUEST,
                        "gandiv5 needs either a personal access token or an API key, not both");
            }
            return new GandiDnsProvider(this, httpSettings());
        }

        @Override
        protected Builder self() {
            return this;
        }
    }
}
