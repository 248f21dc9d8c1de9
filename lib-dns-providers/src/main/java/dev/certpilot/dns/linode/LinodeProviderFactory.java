package dev.certpilot.dns.linode;

import dev.certpilot.dns.internal.HttpOptions;
import dev.certpilot.dns.internal.ProviderFactorySupport;
import dev.certpilot.dns.internal.ProviderProperties;
import dev.certpilot.spi.DnsChallengeProvider;
import dev.certpilot.spi.ProviderOption;
import java.util.List;

/**
 * Creates {@link LinodeDnsProvider}s by name {@code linode}. Options follow lego's variables without the
 * {@code LINODE_} prefix: {@code token} (required), {@code baseUrl}, {@code httpTimeout}.
 */
public final class LinodeProviderFactory extends ProviderFactorySupport {

    private static final List<ProviderOption> OPTIONS = HttpOptions.with(
            ProviderOption.secret("token", "personal access token with Domains read/write (LINODE_TOKEN)"),
            ProviderOption.optional("baseUrl", "API base URL (default " + LinodeDnsProvider.DEFAULT_BASE_URL + ")"));

    /** Creates the factory; {@link java.util.ServiceLoader} calls this. */
    public LinodeProviderFactory() {
        super(LinodeDnsProvider.NAME, OPTIONS);
    }

    /** Creates a provider from the properties. */
    @Override
    protected DnsChallengeProvider create(ProviderProperties p) {
        LinodeDnsProvider.Builder b = LinodeDnsProvider.builder().token(p.required("token"));
        p.optional("baseUrl").ifPresent(url -> p.apply("baseUrl", () -> b.baseUrl(url)));
        HttpOptions.apply(p, b);
        return b.build();
    }
}
