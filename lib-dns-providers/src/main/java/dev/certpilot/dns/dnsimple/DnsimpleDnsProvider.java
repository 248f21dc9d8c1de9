package dev.certpilot.dns.dnsimple;

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
 * Publishes dns-01 records in DNSimple through API v2.
 *
 * <pre>{@code
 * DnsChallengeProvider dnsimple = DnsimpleDnsProvider.builder()
 *         .oauthToken(System.getenv("DNSIMPLE_OAUTH_TOKEN")).build();
 * }</pre>
 *
 * <p>DNSimple keeps one zone record per TXT value, so present creates the record of its value unless it is already
 * there, and cleanup deletes the records holding its value and no other. The account is learnt once from
 * {@code /v2/whoami}; the zone is found by name ({@code GET /v2/<account>/zones/<name>}), the record's zone first, and
 * cached for an hour. Credentials: an account access token (or a user token with access to exactly one account), sent
 * as {@code Authorization: Bearer}.
 */
public final class DnsimpleDnsProvider implements DnsChallengeProvider, ZoneLister {

    /** DNSimple's API address (the provider adds {@code /v2}); the sandbox is https://api.sandbox.dnsimple.com. */
    public static final String DEFAULT_BASE_URL = "https://api.dnsimple.com";

    static final String NAME = "dnsimple";

    private final DnsimpleApi api;
    private final ZoneFinder<String> zones;
    private final String description;

    private DnsimpleDnsProvider(Builder b, HttpSettings settings) {
        this.api = new DnsimpleApi(new HttpApi(NAME, settings, Authenticator.bearer(b.token), Redactor.of(b.token),
                DnsimpleApi.errorMessage()), NAME, b.accountId);
        this.zones = new ZoneFinder<>(NAME, api::zoneByName, settings.clock(), Duration.ofHours(1));
        this.description = "DnsimpleDnsProvider[baseUrl=" + settings.baseUrl() + ", auth=token"
                + (b.accountId == null ? "" : ", account=" + b.accountId) + "]";
    }

    /** A builder; {@link Builder#oauthToken} is required. */
    public static Builder builder() {
        return new Builder();
    }

    /** Creates the TXT record holding {@code record.value()} unless one already holds it. */
    @Override
    public void present(ChallengeRecord record) {
        String zone = zones.find(record);
        String name = Zones.relativeName(record.fqdn(), zone, "");
        OneRecordPerValue.present(record.value(), () -> api.txtRecords(zone, name),
                () -> api.createTxt(zone, name, record.value(), record.ttl()));
    }

    /** Deletes the TXT records holding {@code record.value()} at its name; other values stay. */
    @Override
    public void cleanup(ChallengeRecord record) {
        String zone = zones.find(record);
        String name = Zones.relativeName(record.fqdn(), zone, "");
        OneRecordPerValue.cleanup(record.value(), () -> api.txtRecords(zone, name), id -> api.delete(zone, id));
    }

    /** Every zone of the account. */
    @Override
    public List<String> zones() {
        return api.zones().stream().sorted().toList();
    }

    /** The provider, its base URL and account; never the token. */
    @Override
    public String toString() {
        return description;
    }

    /** Builds a {@link DnsimpleDnsProvider}. */
    public static final class Builder extends HttpProviderBuilder<Builder, DnsimpleDnsProvider> {

        private Secret token;
        private String accountId;

        private Builder() {
            super(DEFAULT_BASE_URL);
        }

        /** An account (or user) access token (lego's {@code DNSIMPLE_OAUTH_TOKEN}). */
        public Builder oauthToken(String token) {
            this.token = Secret.of(token, "oauthToken");
            return this;
        }

        /** The account id, to skip the {@code /v2/whoami} lookup or choose among a user token's accounts. */
        public Builder accountId(String accountId) {
            if (accountId == null || !accountId.strip().matches("[0-9]+")) {
                throw new CertpilotException(ErrorCode.INVALID_REQUEST, "accountId must be a number");
            }
            this.accountId = accountId.strip();
            return this;
        }

        /**
         * Builds the provider.
         *
         * @throws CertpilotException {@code INVALID_REQUEST} when the token is missing
         */
        @Override
        public DnsimpleDnsProvider build() {
            if (token == null) {
                throw new CertpilotException(ErrorCode.INVALID_REQUEST, "dnsimple needs an OAuth token");
            }
            return new DnsimpleDnsProvider(this, httpSettings());
        }

        @Override
        protected Builder self() {
            return this;
        }
    }
}
