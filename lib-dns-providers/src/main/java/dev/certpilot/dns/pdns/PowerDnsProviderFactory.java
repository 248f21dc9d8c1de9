package dev.certpilot.dns.pdns;

import dev.certpilot.dns.internal.HttpOptions;
import dev.certpilot.dns.internal.ProviderFactorySupport;
import dev.certpilot.dns.internal.ProviderProperties;
import dev.certpilot.spi.DnsChallengeProvider;
import dev.certpilot.spi.ProviderOption;
import java.util.List;

/**
 * Creates {@link PowerDnsProvider}s by name {@code pdns}, with lego's options without the {@code PDNS_} prefix:
 * {@code apiUrl}, {@code apiKey}, {@code serverName}, {@code httpTimeout}.
 */
public final class PowerDnsProviderFactory extends ProviderFactorySupport {

    private static final List<ProviderOption> OPTIONS = HttpOptions.with(
            ProviderOption.required("apiUrl", "the web server's root URL, e.g. http://127.0.0.1:8081"),
            ProviderOption.secret("apiKey", "the API key (api-key in pdns.conf)"),
            ProviderOption.optional("serverName", "server id in API paths (default localhost)"));

    /** Creates the factory; {@link java.util.ServiceLoader} calls this. */
    public PowerDnsProviderFactory() {
        super(PowerDnsProvider.NAME, OPTIONS);
    }

    /** Creates a provider from the properties. */
    @Override
    protected DnsChallengeProvider create(ProviderProperties p) {
        PowerDnsProvider.Builder b = PowerDnsProvider.builder().apiKey(p.required("apiKey"));
        p.apply("apiUrl", () -> b.baseUrl(p.required("apiUrl")));
        p.optional("serverName").ifPresent(s -> p.apply("serverName", () -> b.serverId(s)));
        HttpOptions.apply(p, b);
        return b.build();
    }
}
