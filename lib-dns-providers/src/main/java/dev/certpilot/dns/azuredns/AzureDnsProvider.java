package dev.certpilot.dns.azuredns;

import dev.certpilot.CertpilotException;
import dev.certpilot.ErrorCode;
import dev.certpilot.dns.HttpProviderBuilder;
import dev.certpilot.dns.internal.AccessTokens;
import dev.certpilot.dns.internal.ApiRequest;
import dev.certpilot.dns.internal.Checks;
import dev.certpilot.dns.internal.Conflicts;
import dev.certpilot.dns.internal.HttpApi;
import dev.certpilot.dns.internal.HttpSettings;
import dev.certpilot.dns.internal.NameLocks;
import dev.certpilot.dns.internal.Redactor;
import dev.certpilot.dns.internal.Secret;
import dev.certpilot.dns.internal.ZoneFinder;
import dev.certpilot.dns.internal.Zones;
import dev.certpilot.spi.ChallengeRecord;
import dev.certpilot.spi.DnsChallengeProvider;
import dev.certpilot.spi.DnsProviderException;
import dev.certpilot.spi.ZoneLister;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Publishes dns-01 records in Azure DNS (public zones) through Azure Resource Manager, authenticated as a service
 * principal with a client secret (OAuth 2.0 client credentials grant at Microsoft Entra ID).
 *
 * <pre>{@code
 * DnsChallengeProvider azure = AzureDnsProvider.builder()
 *     .servicePrincipal(tenantId, clientId, clientSecret)
 *     .subscriptionId(subscriptionId)
 *     .build();
 * }</pre>
 *
 * <p>Azure keeps all TXT values of a name in one record set and a PUT replaces the whole set, so present and cleanup
 * read the set with its {@code etag}, add or remove their value, and write it back with {@code If-Match: <etag>}
 * ({@code If-None-Match: *} when creating it), holding a lock for the name; the last value removed deletes the set,
 * again with {@code If-Match}. When another writer changed the set in between, Azure answers 412 and the provider
 * reads again and retries, three times at most: optimistic concurrency that also protects against other processes.
 *
 * <p>The zone is found among the subscription's zones (or the resource group's, when given), the record's zone
 * first, cached for an hour; or it is given ({@link Builder#zoneName}). Implements {@link ZoneLister}.
 */
public final class AzureDnsProvider implements DnsChallengeProvider, ZoneLister {

    /** The public cloud's Resource Manager endpoint. */
    public static final String DEFAULT_BASE_URL = "https://management.azure.com";

    static final String NAME = "azuredns";
    private static final int MAX_TRIES = 3;

    private final AzureDnsApi api;
    private final ZoneFinder<AzureDnsApi.Zone> zones;
    private final String resourceGroup;
    private final String zoneName;
    private volatile AzureDnsApi.Zone configuredZone;
    private final NameLocks locks = new NameLocks();
    private final String description;

    private AzureDnsProvider(Builder b, HttpSettings settings) {
        Cloud cloud = b.environment;
        URI tokenUrl = URI.create((b.authorityHost != null ? b.authorityHost.toString() : cloud.authorityHost)
                .replaceAll("/+$", "") + ApiRequest.path(b.tenantId, "oauth2", "v2.0", "token"));
        AccessTokens tokens = AccessTokens.at(NAME, settings, tokenUrl, Redactor.of(b.clientSecret), path -> {
            Map<String, String> form = new LinkedHashMap<>();
            form.put("grant_type", "client_credentials");
            form.put("client_id", b.clientId);
            form.put("client_secret", b.clientSecret.reveal());
            form.put("scope", cloud.resourceManager + "/.default");
            return ApiRequest.form(path, form);
        });
        Redactor redactor = Redactor.dynamic(() -> {
            List<String> secrets = new ArrayList<>(tokens.current());
            secrets.add(b.clientSecret.reveal());
            return secrets;
        });
        this.api = new AzureDnsApi(new HttpApi(NAME, settings, tokens.bearer(), redactor,
                AzureDnsApi.errorMessage()), b.subscriptionId);
        this.zones = new ZoneFinder<>(NAME, this::zoneByName, settings.clock(), Duration.ofHours(1));
        this.resourceGroup = b.resourceGroup;
        this.zoneName = b.zoneName;
        this.description = "AzureDnsProvider[baseUrl=" + settings.baseUrl() + ", tenant=" + b.tenantId + ", client="
                + b.clientId + ", subscription=" + b.subscriptionId
                + (b.resourceGroup != null ? ", resourceGroup=" + b.resourceGroup : "")
                + (b.zoneName != null ? ", zone=" + b.zoneName : "") + "]";
    }

    /** A builder; {@link Builder#servicePrincipal} and {@link Builder#subscriptionId} are required. */
    public static Builder builder() {
        return new Builder();
    }

    /** Adds {@code record.value()} to the TXT set at its name (read with etag, add, PUT with If-Match). */
    @Override
    public void present(ChallengeRecord record) {
        AzureDnsApi.Zone zone = zone(record);
        String name = relativeName(record, zone);
        locks.withLock(record.fqdn(), () -> Conflicts.retry(MAX_TRIES, Conflicts.status(412), () -> {
            Optional<AzureDnsApi.TxtSet> set = api.txtSet(zone, name);
            List<String> values = new ArrayList<>(set.map(AzureDnsApi.TxtSet::values).orElse(List.of()));
            if (values.contains(record.value())) {
                return;
            }
            values.add(record.value());
            api.putTxtSet(zone, name, set.map(AzureDnsApi.TxtSet::etag).orElse(null), record.ttl(), values);
        }));
    }

    /** Removes {@code record.value()} from the TXT set at its name (PUT of the others, or DELETE, with If-Match). */
    @Override
    public void cleanup(ChallengeRecord record) {
        AzureDnsApi.Zone zone = zone(record);
        String name = relativeName(record, zone);
        locks.withLock(record.fqdn(), () -> Conflicts.retry(MAX_TRIES, Conflicts.status(412), () -> {
            Optional<AzureDnsApi.TxtSet> set = api.txtSet(zone, name);
            if (set.isEmpty()) {
                return;
            }
            List<String> others = new ArrayList<>(set.get().values());
            if (!others.removeIf(record.value()::equals)) {
                return;
            }
            if (others.isEmpty()) {
                api.deleteTxtSet(zone, name, set.get().etag());
            } else {
                api.putTxtSet(zone, name, set.get().etag(), set.get().ttl(), others);
            }
        }));
    }

    /** The DNS zones of the subscription (or of the configured resource group). */
    @Override
    public List<String> zones() {
        return api.zones(resourceGroup).stream().map(AzureDnsApi.Zone::name).distinct().sorted().toList();
    }

    /** The endpoint, tenant, client, subscription and zone settings; never the secret or a token. */
    @Override
    public String toString() {
        return description;
    }

    private AzureDnsApi.Zone zone(ChallengeRecord record) {
        if (zoneName == null) {
            return zones.find(record);
        }
        if (!Zones.isAtOrBelow(record.fqdn(), zoneName)) {
            throw new DnsProviderException(NAME, ErrorCode.ZONE_NOT_FOUND, "'" + record.fqdn()
                    + "' is not in the configured zone '" + zoneName + "'", 0, null);
        }
        AzureDnsApi.Zone known = configuredZone;
        if (known == null) {
            known = zoneByName(zoneName).orElseThrow(() -> new DnsProviderException(NAME, ErrorCode.ZONE_NOT_FOUND,
                    "the configured zone '" + zoneName + "' is not in this subscription"
                            + (resourceGroup != null ? " and resource group" : ""), 0, null));
            configuredZone = known;
        }
        return known;
    }

    private Optional<AzureDnsApi.Zone> zoneByName(String name) {
        if (resourceGroup != null) {
            return api.zone(resourceGroup, name);
        }
        return api.zones(null).stream().filter(z -> z.name().equals(name)).findFirst();
    }

    private static String relativeName(ChallengeRecord record, AzureDnsApi.Zone zone) {
        return Zones.relativeName(record.fqdn(), zone.name(), "@");
    }

    /** The Azure clouds: where tokens come from and which Resource Manager they are for. */
    private enum Cloud {
        PUBLIC("https://login.microsoftonline.com", DEFAULT_BASE_URL),
        CHINA("https://login.chinacloudapi.cn", "https://management.chinacloudapi.cn"),
        USGOVERNMENT("https://login.microsoftonline.us", "https://management.usgovcloudapi.net");

        private final String authorityHost;
        private final String resourceManager;

        Cloud(String authorityHost, String resourceManager) {
            this.authorityHost = authorityHost;
            this.resourceManager = resourceManager;
        }
    }

    /** Builds an {@link AzureDnsProvider}. */
    public static final class Builder extends HttpProviderBuilder<Builder, AzureDnsProvider> {

        private String tenantId;
        private String clientId;
        private Secret clientSecret;
        private String subscriptionId;
        private String resourceGroup;
        private String zoneName;
        private Cloud environment = Cloud.PUBLIC;
        private URI authorityHost;
        private boolean baseUrlGiven;

        private Builder() {
            super(DEFAULT_BASE_URL);
        }

        /**
         * The service principal: tenant (directory) id, client (application) id and a client secret (lego's
         * {@code AZURE_TENANT_ID}, {@code AZURE_CLIENT_ID}, {@code AZURE_CLIENT_SECRET}); it needs the "DNS Zone
         * Contributor" role on the zones (or their resource group).
         */
        public Builder servicePrincipal(String tenantId, String clientId, String clientSecret) {
            this.tenantId = Checks.nonBlank(tenantId, "tenantId");
            this.clientId = Checks.nonBlank(clientId, "clientId");
            this.clientSecret = Secret.of(clientSecret, "clientSecret");
            return this;
        }

        /** The subscription holding the zones (lego's {@code AZURE_SUBSCRIPTION_ID}). */
        public Builder subscriptionId(String subscriptionId) {
            this.subscriptionId = Checks.nonBlank(subscriptionId, "subscriptionId");
            return this;
        }

        /** The resource group holding the zones (lego's {@code AZURE_RESOURCE_GROUP}); by default any of the subscription. */
        public Builder resourceGroup(String resourceGroup) {
            this.resourceGroup = Checks.nonBlank(resourceGroup, "resourceGroup");
            return this;
        }

        /** The zone to write in (lego's {@code AZURE_ZONE_NAME}), instead of the zone certpilot routed the name to. */
        public Builder zoneName(String zoneName) {
            this.zoneName = Zones.normalize(Checks.nonBlank(zoneName, "zoneName"));
            return this;
        }

        /**
         * The Azure cloud (lego's {@code AZURE_ENVIRONMENT}): {@code public} (default), {@code china} or
         * {@code usgovernment}; sets the Resource Manager endpoint (unless {@link #baseUrl} is given) and the
         * authority.
         */
        public Builder environment(String environment) {
            String e = Checks.nonBlank(environment, "environment").toLowerCase(Locale.ROOT);
            this.environment = switch (e) {
                case "public" -> Cloud.PUBLIC;
                case "china" -> Cloud.CHINA;
                case "usgovernment" -> Cloud.USGOVERNMENT;
                default -> throw new CertpilotException(ErrorCode.INVALID_REQUEST,
                        "environment must be public, china or usgovernment, was '" + environment + "'");
            };
            return this;
        }

        /** The Entra ID authority, e.g. {@code https://login.microsoftonline.com}; by default the environment's. */
        public Builder authorityHost(String url) {
            this.authorityHost = Checks.httpUrl(url, "authorityHost");
            return this;
        }

        /** The Resource Manager endpoint; by default the environment's. */
        @Override
        public Builder baseUrl(String url) {
            baseUrlGiven = true;
            return super.baseUrl(url);
        }

        /**
         * Builds the provider.
         *
         * @throws CertpilotException {@code INVALID_REQUEST} without service principal or subscription
         */
        @Override
        public AzureDnsProvider build() {
            if (clientSecret == null) {
                throw new CertpilotException(ErrorCode.INVALID_REQUEST,
                        "azuredns needs a service principal: tenantId, clientId and clientSecret");
            }
            if (subscriptionId == null) {
                throw new CertpilotException(ErrorCode.INVALID_REQUEST, "azuredns needs a subscriptionId");
            }
            if (!baseUrlGiven) {
                super.baseUrl(environment.resourceManager);
            }
            return new AzureDnsProvider(this, httpSettings());
        }

        @Override
        protected Builder self() {
            return this;
        }
    }
}
