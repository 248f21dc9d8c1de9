package dev.certpilot.dns.challtestsrv;

import dev.certpilot.dns.internal.HttpOptions;
import dev.certpilot.dns.internal.ProviderProperties;
import dev.certpilot.spi.DnsChallengeProvider;
import dev.certpilot.spi.DnsProviderFactory;
import dev.certpilot.spi.ProviderOption;
import java.util.List;
import java.util.Map;

/**
 * Creates {@link ChallTestSrvDnsProvider}s by name {@code challtestsrv} (lego has no such provider): options
 * {@code managementUrl} and {@code httpTimeout}.
 */
public final class ChallTestSrvProviderFactory implements DnsProviderFactory {

    private static final List<ProviderOption> OPTIONS = HttpOptions.with(
            ProviderOption.required("managementUrl", "the management API's URL (pebble-challtestsrv -management)"));

    /** Creates the factory; {@link java.util.ServiceLoader} calls this. */
    public ChallTestSrvProviderFactory() {
    }

    /** {@code challtestsrv}. */
    @Override
    public String name() {
        return ChallTestSrvDnsProvider.NAME;
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
        ChallTestSrvDnsProvider.Builder b = ChallTestSrvDnsProvider.builder();
        p.apply("managementUrl", () -> b.baseUrl(p.required("managementUrl")));
        HttpOptions.apply(p, b);
        return b.build();
    }
}
