package dev.certpilot.dns.challtestsrv;

import dev.certpilot.dns.internal.HttpOptions;
import dev.certpilot.dns.internal.ProviderFactorySupport;
import dev.certpilot.dns.internal.ProviderProperties;
import dev.certpilot.spi.DnsChallengeProvider;
import dev.certpilot.spi.ProviderOption;
import java.util.List;

/**
 * Creates {@link ChallTestSrvDnsProvider}s by name {@code challtestsrv} (lego has no such provider): options
 * {@code managementUrl} and {@code httpTimeout}.
 */
public final class ChallTestSrvProviderFactory extends ProviderFactorySupport {

    private static final List<ProviderOption> OPTIONS = HttpOptions.with(
            ProviderOption.required("managementUrl", "the management API's URL (pebble-challtestsrv -management)"));

    /** Creates the factory; {@link java.util.ServiceLoader} calls this. */
    public ChallTestSrvProviderFactory() {
        super(ChallTestSrvDnsProvider.NAME, OPTIONS);
    }

    /** Creates a provider from the properties. */
    @Override
    protected DnsChallengeProvider create(ProviderProperties p) {
        ChallTestSrvDnsProvider.Builder b = ChallTestSrvDnsProvider.builder();
        p.apply("managementUrl", () -> b.baseUrl(p.required("managementUrl")));
        HttpOptions.apply(p, b);
        return b.build();
    }
}
