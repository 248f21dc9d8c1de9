package dev.certpilot.dns.cloudflare;

import dev.certpilot.dns.internal.HttpOptions;
import dev.certpilot.dns.internal.ProviderFactorySupport;
import dev.certpilot.dns.internal.ProviderProperties;
import dev.certpilot.spi.DnsChallengeProvider;
import dev.certpilot.spi.ProviderOption;
import java.util.List;
import java.util.Optional;

/**
 * Creates {@link CloudflareDnsProvider}s by name {@code cloudflare}. Options follow lego's variables without the
 * {@code CF_} prefix: {@code dnsApiToken} (alias {@code apiToken}) and optional {@code zoneApiToken}, or
 * {@code apiEmail} with {@code apiKey}; {@code baseUrl}, {@code httpTimeout}.
 */
public final class CloudflareProviderFactory extends ProviderFactorySupport {

    private static final List<ProviderOption> OPTIONS = HttpOptions.with(
            new ProviderOption("dnsApiToken", false, true, "API token with DNS:Edit and Zone:Read (CF_DNS_API_TOKEN)"),
            new ProviderOption("apiToken", false, true, "alias of dnsApiToken"),
            new ProviderOption("zoneApiToken", false, true, "API token with Zone:Read only (CF_ZONE_API_TOKEN)"),
            ProviderOption.optional("apiEmail", "account email, with apiKey (CF_API_EMAIL)"),
            new ProviderOption("apiKey", false, true, "Global API Key, with apiEmail (CF_API_KEY)"),
            ProviderOption.optional("baseUrl", "API base URL (default " + CloudflareDnsProvider.DEFAULT_BASE_URL + ")"));

    /** Creates the factory; {@link java.util.ServiceLoader} calls this. */
    public CloudflareProviderFactory() {
        super(CloudflareDnsProvider.NAME, OPTIONS);
    }

    /** Creates a provider from the properties. */
    @Override
    protected DnsChallengeProvider create(ProviderProperties p) {
        CloudflareDnsProvider.Builder b = CloudflareDnsProvider.builder();
        Optional<String> token = p.optional("dnsApiToken").or(() -> p.optional("apiToken"));
        if (p.optional("dnsApiToken").isPresent() && p.optional("apiToken").isPresent()) {
            throw p.invalid("apiToken", "is an alias of dnsApiToken: give only one of them");
        }
        token.ifPresent(b::apiToken);
        p.optional("zoneApiToken").ifPresent(b::zoneApiToken);
        if (p.optional("apiEmail").isPresent() || p.optional("apiKey").isPresent()) {
            b.apiKey(p.required("apiEmail"), p.required("apiKey"));
        }
        if (token.isEmpty() && p.optional("apiKey").isEmpty()) {
            throw p.invalid("dnsApiToken", "is required (or apiEmail and apiKey)");
        }
        p.optional("baseUrl").ifPresent(url -> p.apply("baseUrl", () -> b.baseUrl(url)));
        HttpOptions.apply(p, b);
        return b.build();
    }
}
