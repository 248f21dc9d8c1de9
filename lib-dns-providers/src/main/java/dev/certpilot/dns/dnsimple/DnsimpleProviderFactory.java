package dev.certpilot.dns.dnsimple;

import dev.certpilot.dns.internal.HttpOptions;
import dev.certpilot.dns.internal.ProviderFactorySupport;
import dev.certpilot.dns.internal.ProviderProperties;
import dev.certpilot.spi.DnsChallengeProvider;
import dev.certpilot.spi.ProviderOption;
import java.util.List;

/**
 * Creates {@link DnsimpleDnsProvider}s by name {@code dnsimple}. Options follow lego's variables without the
 * {@code DNSIMPLE_} prefix: {@code oauthToken} (required), {@code baseUrl}, {@code accountId}, {@code httpTimeout}.
 */
public final class DnsimpleProviderFactory extends ProviderFactorySupport {

    private static final List<ProviderOption> OPTIONS = HttpOptions.with(
            ProviderOption.secret("oauthToken", "account access token (DNSIMPLE_OAUTH_TOKEN)"),
            ProviderOption.optional("baseUrl", "API base URL (DNSIMPLE_BASE_URL, default "
                    + DnsimpleDnsProvider.DEFAULT_BASE_URL + ")"),
            ProviderOption.optional("accountId", "account id, instead of asking /v2/whoami"));

    /** Creates the factory; {@link java.util.ServiceLoader} calls this. */
    public DnsimpleProviderFactory() {
        super(DnsimpleDnsProvider.NAME, OPTIONS);
    }

    /** Creates a provider from the properties. */
    @Override
    protected DnsChallengeProvider create(ProviderProperties p) {
        DnsimpleDnsProvider.Builder b = DnsimpleDnsProvider.builder().oauthToken(p.required("oauthToken"));
        p.optional("baseUrl").ifPresent(url -> p.apply("baseUrl", () -> b.baseUrl(url)));
        p.optional("accountId").ifPresent(id -> p.apply("accountId", () -> b.accountId(id)));
        HttpOptions.apply(p, b);
        return b.build();
    }
}
