package dev.certpilot.dns.digitalocean;

import dev.certpilot.dns.internal.HttpOptions;
import dev.certpilot.dns.internal.ProviderFactorySupport;
import dev.certpilot.dns.internal.ProviderProperties;
import dev.certpilot.spi.DnsChallengeProvider;
import dev.certpilot.spi.ProviderOption;
import java.util.List;

/**
 * Creates {@link DigitalOceanDnsProvider}s by name {@code digitalocean}. Options follow lego's variables without the
 * {@code DO_} prefix: {@code authToken} (required), {@code apiUrl}, {@code httpTimeout}.
 */
public final class DigitalOceanProviderFactory extends ProviderFactorySupport {

    private static final List<ProviderOption> OPTIONS = HttpOptions.with(
            ProviderOption.secret("authToken", "personal access token with domain read/create/delete (DO_AUTH_TOKEN)"),
            ProviderOption.optional("apiUrl", "API base URL (DO_API_URL, default "
                    + DigitalOceanDnsProvider.DEFAULT_BASE_URL + ")"));

    /** Creates the factory; {@link java.util.ServiceLoader} calls this. */
    public DigitalOceanProviderFactory() {
        super(DigitalOceanDnsProvider.NAME, OPTIONS);
    }

    /** Creates a provider from the properties. */
    @Override
    protected DnsChallengeProvider create(ProviderProperties p) {
        DigitalOceanDnsProvider.Builder b = DigitalOceanDnsProvider.builder().authToken(p.required("authToken"));
        p.optional("apiUrl").ifPresent(url -> p.apply("apiUrl", () -> b.baseUrl(url)));
        HttpOptions.apply(p, b);
        return b.build();
    }
}
