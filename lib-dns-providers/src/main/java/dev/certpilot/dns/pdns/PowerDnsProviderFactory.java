package dev.certpilot.dns.pdns;

import dev.certpilot.dns.internal.HttpOptions;
import dev.certpilot.dns.internal.ProviderProperties;
import dev.certpilot.spi.DnsChallengeProvider;
import dev.certpilot.spi.DnsProviderFactory;
import dev.certpilot.spi.ProviderOption;
import java.util.List;
import java.util.Map;

/**
 * Creates {@link PowerDnsProvider}s by name {@code pdns}, with lego's options without the {@code PDNS_} prefix:
 * {@code apiUrl}, {@code apiKey}, {@code serverName}, {@code httpTimeout}.
 */
public final class PowerDnsProviderFactory implements DnsProviderFactory {

    private static final List<ProviderOption> OPTIONS = HttpOptions.with(
            ProviderOption.required("apiUrl", "the web server's root URL, e.g. http://127.0.0.1:8081"),
            ProviderOption.secret("apiKey", "the API key (api-key in pdns.conf)"),
            ProviderOption.optional("serverName", "server id in API paths (default localhost)"));

    /** Creates the factory; {@link java.util.ServiceLoader} calls this. */
    public PowerDnsProviderFactory() {
    }

    /** {@code pdns}. */
    @Override
    public String name() {
        return PowerDnsProvider.NAME;
    }

    /** The options above. */
    @Override
    public List<ProviderOption> options() {
        return OPTIONS;
    }

    /** Creates a provider from the properties. */
    @Override
    public DnsChallengeProvider create(Map<String, String> properties) {
        ProviderProperties p = new ProviderProperties(name(), OPTIONS, properties);
        PowerDnsProvider.Builder b = PowerDnsProvider.builder().apiKey(p.required("apiKey"));
        p.apply("apiUrl", () -> b.baseUrl(p.required("apiUrl")));
        p.optional("serverName").ifPresent(s -> p.apply("serverName", () -> b.serverId(s)));
        HttpOptions.apply(p, b);
        return b.build();
    }
}
