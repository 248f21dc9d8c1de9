package dev.certpilot.dns.azuredns;

import dev.certpilot.dns.internal.HttpOptions;
import dev.certpilot.dns.internal.ProviderFactorySupport;
import dev.certpilot.dns.internal.ProviderProperties;
import dev.certpilot.spi.DnsChallengeProvider;
import dev.certpilot.spi.ProviderOption;
import java.util.List;

/**
 * Creates {@link AzureDnsProvider}s by name {@code azuredns}. Options follow lego's variables without the
 * {@code AZURE_} prefix: {@code tenantId}, {@code clientId}, {@code clientSecret}, {@code subscriptionId},
 * {@code resourceGroup}, {@code zoneName}, {@code environment}, {@code privateZone} (only {@code false});
 * and {@code authorityHost}, {@code baseUrl}, {@code httpTimeout}.
 */
public final class AzureDnsProviderFactory extends ProviderFactorySupport {

    private static final List<ProviderOption> OPTIONS = HttpOptions.with(
            ProviderOption.required("tenantId", "directory (tenant) id (AZURE_TENANT_ID)"),
            ProviderOption.required("clientId", "application (client) id (AZURE_CLIENT_ID)"),
            ProviderOption.secret("clientSecret", "client secret (AZURE_CLIENT_SECRET)"),
            ProviderOption.required("subscriptionId", "subscription of the zones (AZURE_SUBSCRIPTION_ID)"),
            ProviderOption.optional("resourceGroup", "resource group of the zones (AZURE_RESOURCE_GROUP)"),
            ProviderOption.optional("zoneName", "zone to write in (AZURE_ZONE_NAME)"),
            ProviderOption.optional("environment", "public, china or usgovernment (AZURE_ENVIRONMENT)"),
            ProviderOption.optional("privateZone", "Azure Private DNS is not supported: only false (AZURE_PRIVATE_ZONE)"),
            ProviderOption.optional("authorityHost", "Entra ID authority URL (default the environment's)"),
            ProviderOption.optional("baseUrl", "Resource Manager URL (default the environment's, "
                    + AzureDnsProvider.DEFAULT_BASE_URL + ")"));

    /** Creates the factory; {@link java.util.ServiceLoader} calls this. */
    public AzureDnsProviderFactory() {
        super(AzureDnsProvider.NAME, OPTIONS);
    }

    /** Creates a provider from the properties. */
    @Override
    protected DnsChallengeProvider create(ProviderProperties p) {
        AzureDnsProvider.Builder b = AzureDnsProvider.builder();
        String tenant = p.required("tenantId");
        String client = p.required("clientId");
        String secret = p.required("clientSecret");
        p.apply("tenantId", () -> b.servicePrincipal(tenant, client, secret));
        String subscription = p.required("subscriptionId");
        p.apply("subscriptionId", () -> b.subscriptionId(subscription));
        p.optional("resourceGroup").ifPresent(v -> p.apply("resourceGroup", () -> b.resourceGroup(v)));
        p.optional("zoneName").ifPresent(v -> p.apply("zoneName", () -> b.zoneName(v)));
        p.optional("environment").ifPresent(v -> p.apply("environment", () -> b.environment(v)));
        if (p.bool("privateZone").orElse(false)) {
            throw p.invalid("privateZone", "is not supported: certpilot writes public Azure DNS zones only");
        }
        p.optional("authorityHost").ifPresent(url -> p.apply("authorityHost", () -> b.authorityHost(url)));
        p.optional("baseUrl").ifPresent(url -> p.apply("baseUrl", () -> b.baseUrl(url)));
        HttpOptions.apply(p, b);
        return b.build();
    }
}
