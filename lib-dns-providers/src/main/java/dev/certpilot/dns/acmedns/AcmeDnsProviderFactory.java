package dev.certpilot.dns.acmedns;

import dev.certpilot.dns.internal.HttpOptions;
import dev.certpilot.dns.internal.ProviderFactorySupport;
import dev.certpilot.dns.internal.ProviderProperties;
import dev.certpilot.spi.DnsChallengeProvider;
import dev.certpilot.spi.ProviderOption;
import java.util.List;

/**
 * Creates {@link AcmeDnsProvider}s by name {@code acme-dns}, with lego's options without the {@code ACME_DNS_}
 * prefix: {@code apiBase}, {@code storagePath}, {@code allowlist}, {@code httpTimeout}. (lego's
 * {@code STORAGE_BASE_URL}, accounts kept on an HTTP server, is not supported.)
 */
public final class AcmeDnsProviderFactory extends ProviderFactorySupport {

    private static final List<ProviderOption> OPTIONS = HttpOptions.with(
            ProviderOption.required("apiBase", "the acme-dns server's URL, e.g. https://auth.acme-dns.io"),
            ProviderOption.required("storagePath", "the JSON account file (lego/goacmedns format); new domains are"
                    + " registered into it"),
            ProviderOption.optional("allowlist", "comma-separated CIDR networks new registrations allow updates from"));

    /** Creates the factory; {@link java.util.ServiceLoader} calls this. */
    public AcmeDnsProviderFactory() {
        super(AcmeDnsProvider.NAME, OPTIONS);
    }

    /** Creates a provider from the properties. */
    @Override
    protected DnsChallengeProvider create(ProviderProperties p) {
        AcmeDnsProvider.Builder b = AcmeDnsProvider.builder().storagePath(p.path("storagePath").orElseThrow(
                () -> p.invalid("storagePath", "is required"))).allowFrom(p.list("allowlist"));
        p.apply("apiBase", () -> b.baseUrl(p.required("apiBase")));
        HttpOptions.apply(p, b);
        return b.build();
    }
}
