package dev.certpilot.dns.pdns;

import dev.certpilot.CertpilotException;
import dev.certpilot.ErrorCode;
import dev.certpilot.dns.HttpProviderBuilder;
import dev.certpilot.dns.internal.Authenticator;
import dev.certpilot.dns.internal.ErrorMessage;
import dev.certpilot.dns.internal.HttpApi;
import dev.certpilot.dns.internal.HttpSettings;
import dev.certpilot.dns.internal.NameLocks;
import dev.certpilot.dns.internal.Redactor;
import dev.certpilot.dns.internal.Secret;
import dev.certpilot.dns.internal.TxtValues;
import dev.certpilot.dns.internal.ZoneFinder;
import dev.certpilot.spi.ChallengeRecord;
import dev.certpilot.spi.DnsChallengeProvider;
import dev.certpilot.spi.ZoneLister;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Publishes dns-01 records in PowerDNS Authoritative (4.x) through its HTTP API.
 *
 * <pre>{@code
 * DnsChallengeProvider pdns = PowerDnsProvider.builder().baseUrl("http://pdns.internal:8081").apiKey(key).build();
 * }</pre>
 *
 * <p>PowerDNS's {@code PATCH} with {@code changetype: REPLACE} replaces the whole TXT RRset, so present and cleanup
 * read the RRset, add or remove their one value, and write the result back, holding a per-name lock: two concurrent
 * presents at one name in this JVM never lose a value. (Writers in other processes can still race; give each name
 * one writer.) The last value removed deletes the RRset. Zones of kind Master/Primary get a NOTIFY after each change.
 * The zone is found by name, the record's zone first ({@code GET /zones?zone=}).
 */
public final class PowerDnsProvider implements DnsChallengeProvider, ZoneLister {

    static final String NAME = "pdns";

    private final PowerDnsApi api;
    private final ZoneFinder<PowerDnsApi.Zone> zones;
    private final NameLocks locks = new NameLocks();
    private final String description;

    private PowerDnsProvider(Builder b, HttpSettings settings) {
        HttpApi http = new HttpApi(NAME, settings, Authenticator.header("X-API-Key", b.apiKey),
                Redactor.of(b.apiKey), ErrorMessage.jsonField("error"));
        this.api = new PowerDnsApi(http, b.serverId);
        this.zones = new ZoneFinder<>(NAME, api::zoneByName, settings.clock(), Duration.ofHours(1));
        this.description = "PowerDnsProvider[apiUrl=" + settings.baseUrl() + ", server=" + b.serverId + "]";
    }

    /** A builder; {@link Builder#baseUrl} and {@link Builder#apiKey} are required. */
    public static Builder builder() {
        return new Builder();
    }

    /** Adds {@code record.value()} to the TXT RRset at its name (read, add, replace), keeping the other values. */
    @Override
    public void present(ChallengeRecord record) {
        PowerDnsApi.Zone zone = zones.find(record);
        locks.withLock(record.fqdn(), () -> {
            List<String> contents = new ArrayList<>(api.txtContents(zone, record.fqdn()));
            if (contents.stream().noneMatch(c -> TxtValues.matches(c, record.value()))) {
                contents.add(TxtValues.quote(record.value()));
                api.replaceTxt(zone, record.fqdn(), record.ttl(), contents);
            }
        });
    }

    /** Removes {@code record.value()} from the TXT RRset at its name (read, remove, replace or delete). */
    @Override
    public void cleanup(ChallengeRecord record) {
        PowerDnsApi.Zone zone = zones.find(record);
        locks.withLock(record.fqdn(), () -> {
            List<String> contents = new ArrayList<>(api.txtContents(zone, record.fqdn()));
            if (contents.removeIf(c -> TxtValues.matches(c, record.value()))) {
                api.replaceTxt(zone, record.fqdn(), record.ttl(), contents);
            }
        });
    }

    /** Every zone of the server. */
    @Override
    public List<String> zones() {
        return api.zones().stream().map(PowerDnsApi.Zone::name).sorted().toList();
    }

    /** The API URL and server id; never the key. */
    @Override
    public String toString() {
        return description;
    }

    /** Builds a {@link PowerDnsProvider}. */
    public static final class Builder extends HttpProviderBuilder<Builder, PowerDnsProvider> {

        private Secret apiKey;
        private String serverId = "localhost";

        private Builder() {
            super(null);
        }

        /** The API key ({@code api-key} in pdns.conf), sent as {@code X-API-Key}. */
        public Builder apiKey(String key) {
            this.apiKey = Secret.of(key, "apiKey");
            return this;
        }

        /** The server id in API paths; default {@code localhost}, which is what PowerDNS Authoritative uses. */
        public Builder serverId(String id) {
            if (id == null || id.isBlank()) {
                throw new CertpilotException(ErrorCode.INVALID_REQUEST, "serverName must not be blank");
            }
            this.serverId = id.strip();
            return this;
        }

        /**
         * Builds the provider; the base URL is the web server's root (e.g. {@code http://127.0.0.1:8081}), the
         * provider adds {@code /api/v1}.
         *
         * @throws CertpilotException {@code INVALID_REQUEST} when the base URL or the API key is missing
         */
        @Override
        public PowerDnsProvider build() {
            if (apiKey == null) {
                throw new CertpilotException(ErrorCode.INVALID_REQUEST, "pdns needs an API key");
            }
            return new PowerDnsProvider(this, httpSettings());
        }

        @Override
        protected Builder self() {
            return this;
        }
    }
}
