package dev.certpilot.dns.desec;

import dev.certpilot.dns.internal.HttpOptions;
import dev.certpilot.dns.internal.ProviderFactorySupport;
import dev.certpilot.dns.internal.ProviderProperties;
import dev.certpilot.spi.DnsChallengeProvider;
import dev.certpilot.spi.ProviderOption;
import java.util.List;

/**
 * Creates {@link DesecDnsProvider}s by name {@code desec}. Options follow lego's variables without the
 * {@code DESEC_} prefix: {@code token} (required), {@code baseUrl}, {@code httpTimeout}.
 */
public final class DesecProviderFactory extends ProviderFactorySupport {

    private static final List<ProviderOption> OPTIONS = HttpOptions.with(
            ProviderOption.secret("token", "deSEC token (DESEC_TOKEN)"),
            ProviderOption.optional("baseUrl", "API base URL (default " + DesecDnsProvider.DEFAULT_BASE_URL + ")"));

    /** Creates the factory; {@link java.util.ServiceLoader} calls this. */
    public DesecProviderFactory() {
        super(DesecDnsProvider.NAME, OPTIONS);
    }

    /** Creates a provider from the properties. */
    @Override
    protected DnsChallengeProvider create(ProviderProperties p) {
        DesecDnsProvider.Builder b = DesecDnsProvider.builder().token(p.required("token"));
        p.optional("baseUrl").ifPresent(url -> p.apply("baseUrl", () -> b.baseUrl(url)));
        HttpOptions.apply(p, b);
        return b.build();
    }
}
