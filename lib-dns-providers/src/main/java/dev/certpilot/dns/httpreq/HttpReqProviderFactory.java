package dev.certpilot.dns.httpreq;

import dev.certpilot.dns.internal.HttpOptions;
import dev.certpilot.dns.internal.ProviderFactorySupport;
import dev.certpilot.dns.internal.ProviderProperties;
import dev.certpilot.spi.DnsChallengeProvider;
import dev.certpilot.spi.ProviderOption;
import java.util.List;

/**
 * Creates {@link HttpReqDnsProvider}s by name {@code httpreq}, with lego's options without the {@code HTTPREQ_}
 * prefix: {@code endpoint}, {@code mode} (only the default; {@code RAW} is refused), {@code username},
 * {@code password}, {@code httpTimeout}.
 */
public final class HttpReqProviderFactory extends ProviderFactorySupport {

    private static final List<ProviderOption> OPTIONS = HttpOptions.with(
            ProviderOption.required("endpoint", "the server's URL; /present and /cleanup are appended"),
            ProviderOption.optional("mode", "empty for lego's default mode; RAW is not supported"),
            ProviderOption.optional("username", "basic authentication user, with password"),
            new ProviderOption("password", false, true, "basic authentication password, with username"));

    /** Creates the factory; {@link java.util.ServiceLoader} calls this. */
    public HttpReqProviderFactory() {
        super(HttpReqDnsProvider.NAME, OPTIONS);
    }

    /** Creates a provider from the properties. */
    @Override
    protected DnsChallengeProvider create(ProviderProperties p) {
        if (p.optional("mode").isPresent()) {
            throw p.invalid("mode", "RAW is not supported: certpilot passes the TXT value, not the key authorization");
        }
        HttpReqDnsProvider.Builder b = HttpReqDnsProvider.builder();
        p.apply("endpoint", () -> b.baseUrl(p.required("endpoint")));
        if (p.optional("username").isPresent() || p.optional("password").isPresent()) {
            b.basicAuth(p.required("username"), p.required("password"));
        }
        HttpOptions.apply(p, b);
        return b.build();
    }
}
