package dev.certpilot.dns.route53;

import dev.certpilot.dns.internal.HttpOptions;
import dev.certpilot.dns.internal.ProviderFactorySupport;
import dev.certpilot.dns.internal.ProviderProperties;
import dev.certpilot.spi.DnsChallengeProvider;
import dev.certpilot.spi.ProviderOption;
import java.util.List;

/**
 * Creates {@link Route53DnsProvider}s by name {@code route53}. Options follow lego's variables without the
 * {@code AWS_} prefix: {@code accessKeyId}, {@code secretAccessKey}, {@code sessionToken}, {@code region},
 * {@code hostedZoneId}, {@code privateZone}; and {@code baseUrl}, {@code httpTimeout}.
 */
public final class Route53ProviderFactory extends ProviderFactorySupport {

    private static final List<ProviderOption> OPTIONS = HttpOptions.with(
            ProviderOption.required("accessKeyId", "access key id (AWS_ACCESS_KEY_ID)"),
            ProviderOption.secret("secretAccessKey", "secret access key (AWS_SECRET_ACCESS_KEY)"),
            new ProviderOption("sessionToken", false, true, "session token of temporary credentials (AWS_SESSION_TOKEN)"),
            ProviderOption.optional("region", "AWS region, selects the partition (AWS_REGION, default us-east-1)"),
            ProviderOption.optional("hostedZoneId", "hosted zone to use instead of a lookup (AWS_HOSTED_ZONE_ID)"),
            ProviderOption.optional("privateZone", "true to use private hosted zones only (AWS_PRIVATE_ZONE)"),
            ProviderOption.optional("baseUrl", "API endpoint (default " + Route53DnsProvider.DEFAULT_BASE_URL
                    + ", or the China / GovCloud one for such a region)"));

    /** Creates the factory; {@link java.util.ServiceLoader} calls this. */
    public Route53ProviderFactory() {
        super(Route53DnsProvider.NAME, OPTIONS);
    }

    /** Creates a provider from the properties. */
    @Override
    protected DnsChallengeProvider create(ProviderProperties p) {
        Route53DnsProvider.Builder b = Route53DnsProvider.builder();
        String accessKeyId = p.required("accessKeyId");
        String secretAccessKey = p.required("secretAccessKey");
        p.apply("accessKeyId", () -> b.credentials(accessKeyId, secretAccessKey));
        p.optional("sessionToken").ifPresent(b::sessionToken);
        p.optional("region").ifPresent(r -> p.apply("region", () -> b.region(r)));
        p.optional("hostedZoneId").ifPresent(id -> p.apply("hostedZoneId", () -> b.hostedZoneId(id)));
        p.bool("privateZone").ifPresent(b::privateZone);
        p.optional("baseUrl").ifPresent(url -> p.apply("baseUrl", () -> b.baseUrl(url)));
        HttpOptions.apply(p, b);
        return b.build();
    }
}
