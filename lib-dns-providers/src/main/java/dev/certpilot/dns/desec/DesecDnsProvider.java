package dev.certpilot.dns.desec;

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
import java.util.Optional;

/**
 * Publishes dns-01 records in deSEC through its REST API.
 *
 * <pre>{@code
 * DnsChallengeProvider desec = DesecDnsProvider.builder().token(System.getenv("DESEC_TOKEN")).build();
 * }</pre>
 *
 * <p>deSEC keeps the values of one name and type as one RRset, and writing the RRset replaces all its values, so
 * present and cleanup read the RRset, add or remove their one value and write it back (create it when absent; an empty
 * list deletes it), holding a per-name lock: two concurrent presents at one name in this JVM never lose a value.
 * (Writers in other processes can still race; give each name one writer.) The TTL of a new RRset is at least the
 * domain's {@code minimum_ttl} (3600 by default at deSEC). The domain is found by name
 * ({@code GET /api/v1/domains/<name>/}), the record's zone first, and cached for an hour. deSEC throttles API use and
 * answers 429 with {@code Retry-After}, which the provider waits for (up to its retry policy's limit). Credentials: a
 * token, sent as {@code Authorization: Token}.
 */
public final class DesecDnsProvider implements DnsChallengeProvider, ZoneLister {

    /** deSEC's API address (the provider adds {@code /api/v1}). */
    public static final String DEFAULT_BASE_URL = "https://desec.io";

    static final String NAME = "desec";

    private final DesecApi api;
    private final ZoneFinder<DesecApi.Zone> zones;
    private final NameLocks locks = new NameLocks();
    private final String description;

    private DesecDnsProvider(Builder b, HttpSettings settings) {
        Authenticator auth = (m, u, body) -> Map.of("Authorization", "Token " + b.token.reveal());
        this.api = new DesecApi(new HttpApi(NAME, settings, auth, Redactor.of(b.token), DesecApi.errorMessage()));
        this.zones = new ZoneFinder<>(NAME, api::zoneByName, settings.clock(), Duration.ofHours(1));
        this.description = "DesecDnsProvider[baseUrl=" + settings.baseUrl() + ", auth=token]";
    }

    /** A builder; {@link Builder#token} is required. */
    public static Builder builder() {
        return new Builder();
    }

    /** Adds {@code record.value()} to the TXT RRset at its name (read, add, write), keeping the other values. */
    @Override
    public void present(ChallengeRecord record) {
        DesecApi.Zone zone = zones.find(record);
        String subname = Zones.relativeName(record.fqdn(), zone.name(), "");
        locks.withLock(record.fqdn(), () -> {
            Optional<List<String>> existing = api.txtRecords(zone, subname);
            if (existing.isEmpty()) {
                api.createTxt(zone, subname, Math.max(zone.minimumTtl(), record.ttl()),
                        List.of(TxtValues.quote(record.value())));
            } else if (existing.get().stream().noneMatch(r -> TxtValues.matches(r, record.value()))) {
                List<String> records = new ArrayList<>(existing.get());
                records.add(TxtValues.quote(record.value()));
                api.replaceTxt(zone, subname, records);
            }
        });
    }

    /** Removes {@code record.value()} from the TXT RRset at its name (read, remove, write; empty deletes it). */
    @Override
    public void cleanup(ChallengeRecord record) {
        DesecApi.Zone zone = zones.find(record);
        String subname = Zones.relativeName(record.fqdn(), zone.name(), "");
        locks.withLock(record.fqdn(), () -> {
            List<String> records = new ArrayList<>(api.txtRecords(zone, subname).orElse(List.of()));
            if (records.removeIf(r -> TxtValues.matches(r, record.value()))) {
                api.replaceTxt(zone, subname, records);
            }
        });
    }

    /** Every domain of the account. */
    @Override
    public List<String> zones() {
        return api.zones().stream().sorted().toList();
    }

    /** The provider and its base URL; never the token. */
    @Override
    public String toString() {
        return description;
    }

    /** Builds a {@link DesecDnsProvider}. */
    public static final class Builder extends HttpProviderBuilder<Builder, DesecDnsProvider> {

        private Secret token;

        private Builder() {
            super(DEFAULT_BASE_URL);
        }

        /** A deSEC token allowed to write the domain's RRsets (lego's {@code DESEC_TOKEN}). */
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
        public DesecDnsProvider build() {
            if (token == null) {
                throw new CertpilotException(ErrorCode.INVALID_REQUEST, "desec needs a token");
            }
            return new DesecDnsProvider(this, httpSettings());
        }

        @Override
        protected Builder self() {
            return this;
        }
    }
}
