package dev.certpilot.dns.gandiv5;

import dev.certpilot.dns.internal.HttpOptions;
import dev.certpilot.dns.internal.ProviderFactorySupport;
import dev.certpilot.dns.internal.ProviderProperties;
import dev.certpilot.spi.DnsChallengeProvider;
import dev.certpilot.spi.ProviderOption;
import java.util.List;

/**
 * Creates {@link GandiDnsProvider}s by name {@code gandiv5}. Options follow lego's variables without the
 * {@code GANDIV5_} prefix: {@code personalAccessToken} or (deprecated) {@code apiKey}; {@code baseUrl},
 * {@code httpTimeout}.
 */
public final class GandiProviderFactory extends ProviderFactorySupport {

    private static final List<ProviderOption> OPTIONS = HttpOptions.with(
            new ProviderOption("personalAccessToken", false, true,
                    "personal access token (GANDIV5_PERSONAL_ACCESS_TOKEN)"),
            new ProviderOption("apiKey", false, true, "deprecated API key, instead of a token (GANDIV5_API_KEY)"),
            ProviderOption.optional("baseUrl", "API base URL (default " + GandiDnsProvider.DEFAULT_BASE_URL + ")"));

    /** Creates the factory; {@link java.util.ServiceLoader} calls this. */
    public GandiProviderFactory() {
        super(GandiDnsProvider.NAME, OPTIONS);
    }

    /** Creates a provider from the properties. */
    @Override
    protected DnsChallengeProvider create(ProviderProperties p) {
        GandiDnsProvider.Builder b = GandiDnsProvider.builder();
        if (p.optional("personalAccessToken").isPresent() && p.optional("apiKey").isPresent()) {
            throw p.invalid("apiKey", "goes only without personalAccessToken: give one of them");
        }
        if (p.optional("apiKey").isPresent()) {
            b.apiKey(p.required("apiKey"));
        } else {
            b.personalAccessToken(p.optional("personalAccessToken")
                    .orElseThrow(() -> p.invalid("personalAccessToken", "is required (or apiKey)")));
        }
        p.optional("baseUrl").ifPresent(url -> p.apply("baseUrl", () -> b.baseUrl(url)));
        HttpOptions.apply(p, b);
        return b.build();
    }
}
