package dev.certpilot.dns.ovh;

import dev.certpilot.dns.internal.HttpOptions;
import dev.certpilot.dns.internal.ProviderFactorySupport;
import dev.certpilot.dns.internal.ProviderProperties;
import dev.certpilot.spi.DnsChallengeProvider;
import dev.certpilot.spi.ProviderOption;
import java.util.List;

/**
 * Creates {@link OvhDnsProvider}s by name {@code ovh}. Options follow lego's variables without the {@code OVH_}
 * prefix: {@code endpoint}, {@code applicationKey}, {@code applicationSecret}, {@code consumerKey},
 * {@code httpTimeout}.
 */
public final class OvhProviderFactory extends ProviderFactorySupport {

    private static final List<ProviderOption> OPTIONS = HttpOptions.with(
            ProviderOption.optional("endpoint", "ovh-eu (default), ovh-ca, ovh-us, kimsufi-eu, kimsufi-ca, "
                    + "soyoustart-eu, soyoustart-ca or a URL (OVH_ENDPOINT)"),
            ProviderOption.required("applicationKey", "application key (OVH_APPLICATION_KEY)"),
            ProviderOption.secret("applicationSecret", "application secret (OVH_APPLICATION_SECRET)"),
            ProviderOption.secret("consumerKey", "consumer key (OVH_CONSUMER_KEY)"));

    /** Creates the factory; {@link java.util.ServiceLoader} calls this. */
    public OvhProviderFactory() {
        super(OvhDnsProvider.NAME, OPTIONS);
    }

    /** Creates a provider from the properties. */
    @Override
    protected DnsChallengeProvider create(ProviderProperties p) {
        OvhDnsProvider.Builder b = OvhDnsProvider.builder();
        String key = p.required("applicationKey");
        String secret = p.required("applicationSecret");
        String consumer = p.required("consumerKey");
        p.apply("applicationKey", () -> b.credentials(key, secret, consumer));
        p.optional("endpoint").ifPresent(e -> p.apply("endpoint", () -> b.endpoint(e)));
        HttpOptions.apply(p, b);
        return b.build();
    }
}
