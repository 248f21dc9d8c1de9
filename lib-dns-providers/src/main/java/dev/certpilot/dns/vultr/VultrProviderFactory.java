package dev.certpilot.dns.vultr;

import dev.certpilot.dns.internal.HttpOptions;
import dev.certpilot.dns.internal.ProviderFactorySupport;
import dev.certpilot.dns.internal.ProviderProperties;
import dev.certpilot.spi.DnsChallengeProvider;
import dev.certpilot.spi.ProviderOption;
import java.util.List;

/**
 * Creates {@link VultrDnsProvider}s by name {@code vultr}. Options follow lego's variables without the {@code VULTR_}
 * prefix: {@code apiKey} (required), {@code baseUrl}, {@code httpTimeout}.
 */
public final class VultrProviderFactory extends ProviderFactorySupport {

    private static final List<ProviderOption> OPTIONS = HttpOptions.with(
            ProviderOption.secret("apiKey", "API key / personal access token (VULTR_API_KEY)"),
            ProviderOption.optional("baseUrl", "API base URL (default " + VultrDnsProvider.DEFAULT_BASE_URL + ")"));

    /** Creates the factory; {@link java.util.ServiceLoader} calls this. */
    public VultrProviderFactory() {
        super(VultrDnsProvider.NAME, OPTIONS);
    }

    /** Creates a provider from the properties. */
    @Override
    protected DnsChallengeProvider create(ProviderProperties p) {
        VultrDnsProvider.Builder b = VultrDnsProvider.builder().apiKey(p.required("apiKey"));
        p.optional("baseUrl").ifPresent(url -> p.apply("baseUrl", () -> b.baseUrl(url)));
        HttpOptions.apply(p, b);
        return b.build();
    }
}
