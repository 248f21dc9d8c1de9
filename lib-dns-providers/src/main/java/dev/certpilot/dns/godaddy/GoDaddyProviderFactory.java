package dev.certpilot.dns.godaddy;

import dev.certpilot.dns.internal.HttpOptions;
import dev.certpilot.dns.internal.ProviderFactorySupport;
import dev.certpilot.dns.internal.ProviderProperties;
import dev.certpilot.spi.DnsChallengeProvider;
import dev.certpilot.spi.ProviderOption;
import java.util.List;

/**
 * Creates {@link GoDaddyDnsProvider}s by name {@code godaddy}. Options follow lego's variables without the
 * {@code GODADDY_} prefix: {@code apiKey}, {@code apiSecret}, {@code httpTimeout}; and {@code baseUrl}.
 */
public final class GoDaddyProviderFactory extends ProviderFactorySupport {

    private static final List<ProviderOption> OPTIONS = HttpOptions.with(
            ProviderOption.secret("apiKey", "API key (GODADDY_API_KEY)"),
            ProviderOption.secret("apiSecret", "API secret (GODADDY_API_SECRET)"),
            ProviderOption.optional("baseUrl", "API base URL (default " + GoDaddyDnsProvider.DEFAULT_BASE_URL
                    + "; the test environment is https://api.ote-godaddy.com)"));

    /** Creates the factory; {@link java.util.ServiceLoader} calls this. */
    public GoDaddyProviderFactory() {
        super(GoDaddyDnsProvider.NAME, OPTIONS);
    }

    /** Creates a provider from the properties. */
    @Override
    protected DnsChallengeProvider create(ProviderProperties p) {
        GoDaddyDnsProvider.Builder b = GoDaddyDnsProvider.builder();
        String key = p.required("apiKey");
        String secret = p.required("apiSecret");
        p.apply("apiKey", () -> b.credentials(key, secret));
        p.optional("baseUrl").ifPresent(url -> p.apply("baseUrl", () -> b.baseUrl(url)));
        HttpOptions.apply(p, b);
        return b.build();
    }
}
