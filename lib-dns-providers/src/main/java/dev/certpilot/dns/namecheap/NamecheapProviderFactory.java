package dev.certpilot.dns.namecheap;

import dev.certpilot.dns.internal.HttpOptions;
import dev.certpilot.dns.internal.ProviderFactorySupport;
import dev.certpilot.dns.internal.ProviderProperties;
import dev.certpilot.spi.DnsChallengeProvider;
import dev.certpilot.spi.ProviderOption;
import java.util.List;

/**
 * Creates {@link NamecheapDnsProvider}s by name {@code namecheap}. Options follow lego's variables without the
 * {@code NAMECHEAP_} prefix: {@code apiUser}, {@code apiKey}, {@code sandbox}, {@code httpTimeout}; and
 * {@code clientIp}, {@code clientIpUrl}, {@code baseUrl}.
 */
public final class NamecheapProviderFactory extends ProviderFactorySupport {

    private static final List<ProviderOption> OPTIONS = HttpOptions.with(
            ProviderOption.required("apiUser", "API user (NAMECHEAP_API_USER)"),
            ProviderOption.secret("apiKey", "API key (NAMECHEAP_API_KEY)"),
            ProviderOption.optional("sandbox", "true to use the sandbox API (NAMECHEAP_SANDBOX)"),
            ProviderOption.optional("clientIp", "allow-listed IPv4 address calls come from (default: detected)"),
            ProviderOption.optional("clientIpUrl", "address service (default "
                    + NamecheapDnsProvider.DEFAULT_CLIENT_IP_URL + ")"),
            ProviderOption.optional("baseUrl", "API host (default " + NamecheapDnsProvider.DEFAULT_BASE_URL + ")"));

    /** Creates the factory; {@link java.util.ServiceLoader} calls this. */
    public NamecheapProviderFactory() {
        super(NamecheapDnsProvider.NAME, OPTIONS);
    }

    /** Creates a provider from the properties. */
    @Override
    protected DnsChallengeProvider create(ProviderProperties p) {
        NamecheapDnsProvider.Builder b = NamecheapDnsProvider.builder();
        String user = p.required("apiUser");
        String key = p.required("apiKey");
        p.apply("apiUser", () -> b.credentials(user, key));
        p.bool("sandbox").ifPresent(b::sandbox);
        p.optional("clientIp").ifPresent(v -> p.apply("clientIp", () -> b.clientIp(v)));
        p.optional("clientIpUrl").ifPresent(v -> p.apply("clientIpUrl", () -> b.clientIpUrl(v)));
        if (p.optional("baseUrl").isPresent() && p.optional("sandbox").isPresent()) {
            throw p.invalid("baseUrl", "and sandbox exclude each other");
        }
        p.optional("baseUrl").ifPresent(url -> p.apply("baseUrl", () -> b.baseUrl(url)));
        HttpOptions.apply(p, b);
        return b.build();
    }
}
