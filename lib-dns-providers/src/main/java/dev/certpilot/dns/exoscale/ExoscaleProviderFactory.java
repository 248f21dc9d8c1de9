package dev.certpilot.dns.exoscale;

import dev.certpilot.dns.internal.HttpOptions;
import dev.certpilot.dns.internal.ProviderFactorySupport;
import dev.certpilot.dns.internal.ProviderProperties;
import dev.certpilot.spi.DnsChallengeProvider;
import dev.certpilot.spi.ProviderOption;
import java.util.List;

/**
 * Creates {@link ExoscaleDnsProvider}s by name {@code exoscale}. Options follow lego's variables without the
 * {@code EXOSCALE_} prefix: {@code apiKey}, {@code apiSecret}, {@code endpoint}, {@code httpTimeout}.
 */
public final class ExoscaleProviderFactory extends ProviderFactorySupport {

    private static final List<ProviderOption> OPTIONS = HttpOptions.with(
            ProviderOption.required("apiKey", "API key (EXOSCALE_API_KEY)"),
            ProviderOption.secret("apiSecret", "API secret (EXOSCALE_API_SECRET)"),
            ProviderOption.optional("endpoint", "API endpoint (EXOSCALE_ENDPOINT, default "
                    + ExoscaleDnsProvider.DEFAULT_BASE_URL + ")"));

    /** Creates the factory; {@link java.util.ServiceLoader} calls this. */
    public ExoscaleProviderFactory() {
        super(ExoscaleDnsProvider.NAME, OPTIONS);
    }

    /** Creates a provider from the properties. */
    @Override
    protected DnsChallengeProvider create(ProviderProperties p) {
        ExoscaleDnsProvider.Builder b = ExoscaleDnsProvider.builder();
        String key = p.required("apiKey");
        String secret = p.required("apiSecret");
        p.apply("apiKey", () -> b.credentials(key, secret));
        p.optional("endpoint").ifPresent(url -> p.apply("endpoint", () -> b.endpoint(url)));
        HttpOptions.apply(p, b);
        return b.build();
    }
}
