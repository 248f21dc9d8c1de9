package dev.certpilot.dns.hetzner;

import dev.certpilot.dns.internal.HttpOptions;
import dev.certpilot.dns.internal.ProviderFactorySupport;
import dev.certpilot.dns.internal.ProviderProperties;
import dev.certpilot.spi.DnsChallengeProvider;
import dev.certpilot.spi.ProviderOption;
import java.util.List;

/**
 * Creates {@link HetznerDnsProvider}s by name {@code hetzner}. Options follow lego's variables without the
 * {@code HETZNER_} prefix: {@code apiKey} (required), {@code baseUrl}, {@code httpTimeout}.
 */
public final class HetznerProviderFactory extends ProviderFactorySupport {

    private static final List<ProviderOption> OPTIONS = HttpOptions.with(
            ProviderOption.secret("apiKey", "DNS Console API token, sent as Auth-API-Token (HETZNER_API_KEY)"),
            ProviderOption.optional("baseUrl", "API base URL (default " + HetznerDnsProvider.DEFAULT_BASE_URL + ")"));

    /** Creates the factory; {@link java.util.ServiceLoader} calls this. */
    public HetznerProviderFactory() {
        super(HetznerDnsProvider.NAME, OPTIONS);
    }

    /** Creates a provider from the properties. */
    @Override
    protected DnsChallengeProvider create(ProviderProperties p) {
        HetznerDnsProvider.Builder b = HetznerDnsProvider.builder().apiKey(p.required("apiKey"));
        p.optional("baseUrl").ifPresent(url -> p.apply("baseUrl", () -> b.baseUrl(url)));
        HttpOptions.apply(p, b);
        return b.build();
    }
}
