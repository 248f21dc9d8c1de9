package dev.certpilot.dns.hetznerv1;

import dev.certpilot.dns.internal.HttpOptions;
import dev.certpilot.dns.internal.ProviderFactorySupport;
import dev.certpilot.dns.internal.ProviderProperties;
import dev.certpilot.spi.DnsChallengeProvider;
import dev.certpilot.spi.ProviderOption;
import java.util.List;

/**
 * Creates {@link HetznerV1DnsProvider}s by name {@code hetznerv1}. Options follow lego's variables without the
 * {@code HETZNER_} prefix: {@code apiToken} (required), {@code baseUrl}, {@code httpTimeout}.
 */
public final class HetznerV1ProviderFactory extends ProviderFactorySupport {

    private static final List<ProviderOption> OPTIONS = HttpOptions.with(
            ProviderOption.secret("apiToken", "Hetzner Cloud API token, sent as Authorization: Bearer "
                    + "(HETZNER_API_TOKEN)"),
            ProviderOption.optional("baseUrl", "API base URL (default " + HetznerV1DnsProvider.DEFAULT_BASE_URL + ")"));

    /** Creates the factory; {@link java.util.ServiceLoader} calls this. */
    public HetznerV1ProviderFactory() {
        super(HetznerV1DnsProvider.NAME, OPTIONS);
    }

    /** Creates a provider from the properties. */
    @Override
    protected DnsChallengeProvider create(ProviderProperties p) {
        HetznerV1DnsProvider.Builder b = HetznerV1DnsProvider.builder().apiToken(p.required("apiToken"));
        p.optional("baseUrl").ifPresent(url -> p.apply("baseUrl", () -> b.baseUrl(url)));
        HttpOptions.apply(p, b);
        return b.build();
    }
}
