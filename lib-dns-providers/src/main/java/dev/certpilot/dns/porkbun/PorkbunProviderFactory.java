package dev.certpilot.dns.porkbun;

import dev.certpilot.dns.internal.HttpOptions;
import dev.certpilot.dns.internal.ProviderFactorySupport;
import dev.certpilot.dns.internal.ProviderProperties;
import dev.certpilot.spi.DnsChallengeProvider;
import dev.certpilot.spi.ProviderOption;
import java.util.List;

/**
 * Creates {@link PorkbunDnsProvider}s by name {@code porkbun}. Options follow lego's variables without the
 * {@code PORKBUN_} prefix: {@code apiKey} and {@code secretApiKey} (required), {@code baseUrl}, {@code httpTimeout}.
 */
public final class PorkbunProviderFactory extends ProviderFactorySupport {

    private static final List<ProviderOption> OPTIONS = HttpOptions.with(
            ProviderOption.secret("apiKey", "API key (PORKBUN_API_KEY)"),
            ProviderOption.secret("secretApiKey", "secret API key (PORKBUN_SECRET_API_KEY)"),
            ProviderOption.optional("baseUrl", "API base URL (default " + PorkbunDnsProvider.DEFAULT_BASE_URL + ")"));

    /** Creates the factory; {@link java.util.ServiceLoader} calls this. */
    public PorkbunProviderFactory() {
        super(PorkbunDnsProvider.NAME, OPTIONS);
    }

    /** Creates a provider from the properties. */
    @Override
    protected DnsChallengeProvider create(ProviderProperties p) {
        PorkbunDnsProvider.Builder b = PorkbunDnsProvider.builder()
                .apiKey(p.required("apiKey"), p.required("secretApiKey"));
        p.optional("baseUrl").ifPresent(url -> p.apply("baseUrl", () -> b.baseUrl(url)));
        HttpOptions.apply(p, b);
        return b.build();
    }
}
