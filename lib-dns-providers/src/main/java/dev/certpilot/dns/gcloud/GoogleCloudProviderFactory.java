package dev.certpilot.dns.gcloud;

import dev.certpilot.dns.internal.HttpOptions;
import dev.certpilot.dns.internal.ProviderFactorySupport;
import dev.certpilot.dns.internal.ProviderProperties;
import dev.certpilot.spi.DnsChallengeProvider;
import dev.certpilot.spi.ProviderOption;
import java.util.List;

/**
 * Creates {@link GoogleCloudDnsProvider}s by name {@code gcloud}. Options follow lego's variables without the
 * {@code GCE_} prefix: {@code serviceAccount} (the key's JSON) or {@code serviceAccountFile}, {@code project},
 * {@code zoneId}, {@code allowPrivateZone}; and {@code baseUrl}, {@code tokenUrl}, {@code httpTimeout}.
 */
public final class GoogleCloudProviderFactory extends ProviderFactorySupport {

    private static final List<ProviderOption> OPTIONS = HttpOptions.with(
            new ProviderOption("serviceAccount", false, true, "service account key JSON (GCE_SERVICE_ACCOUNT)"),
            ProviderOption.optional("serviceAccountFile", "path of the service account key file "
                    + "(GCE_SERVICE_ACCOUNT_FILE)"),
            ProviderOption.optional("project", "project id, default the key's project_id (GCE_PROJECT)"),
            ProviderOption.optional("zoneId", "managed zone name, instead of a lookup (GCE_ZONE_ID)"),
            ProviderOption.optional("allowPrivateZone", "true to use private zones too (GCE_ALLOW_PRIVATE_ZONE)"),
            ProviderOption.optional("baseUrl", "API base URL (default " + GoogleCloudDnsProvider.DEFAULT_BASE_URL + ")"),
            ProviderOption.optional("tokenUrl", "OAuth token endpoint (default the key's token_uri)"));

    /** Creates the factory; {@link java.util.ServiceLoader} calls this. */
    public GoogleCloudProviderFactory() {
        super(GoogleCloudDnsProvider.NAME, OPTIONS);
    }

    /** Creates a provider from the properties. */
    @Override
    protected DnsChallengeProvider create(ProviderProperties p) {
        GoogleCloudDnsProvider.Builder b = GoogleCloudDnsProvider.builder();
        boolean inline = p.optional("serviceAccount").isPresent();
        boolean file = p.optional("serviceAccountFile").isPresent();
        if (inline == file) {
            throw p.invalid("serviceAccount", "or serviceAccountFile is required, and only one of them");
        }
        p.optional("serviceAccount").ifPresent(json -> p.apply("serviceAccount", () -> b.serviceAccountKey(json)));
        p.path("serviceAccountFile").ifPresent(path -> p.apply("serviceAccountFile", () -> b.serviceAccountFile(path)));
        p.optional("project").ifPresent(v -> p.apply("project", () -> b.project(v)));
        p.optional("zoneId").ifPresent(v -> p.apply("zoneId", () -> b.zoneId(v)));
        p.bool("allowPrivateZone").ifPresent(b::allowPrivateZone);
        p.optional("baseUrl").ifPresent(url -> p.apply("baseUrl", () -> b.baseUrl(url)));
        p.optional("tokenUrl").ifPresent(url -> p.apply("tokenUrl", () -> b.tokenUrl(url)));
        HttpOptions.apply(p, b);
        return b.build();
    }
}
