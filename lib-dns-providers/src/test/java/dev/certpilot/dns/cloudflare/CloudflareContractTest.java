package dev.certpilot.dns.cloudflare;

import dev.certpilot.dns.testing.FakeApiContractTest;
import dev.certpilot.spi.DnsChallengeProvider;
import java.util.List;
import java.util.Optional;

/** The provider contract against {@link CloudflareFake}, a stateful stub of the documented Cloudflare API v4. */
class CloudflareContractTest extends FakeApiContractTest<CloudflareFake> {

    private static final String WRONG_TOKEN = "cf-wrong-token-8dK2mQ5vX1";

    CloudflareContractTest() {
        super(new CloudflareFake("example.com"));
    }

    @Override
    protected DnsChallengeProvider createProvider() {
        return CloudflareDnsProvider.builder().apiToken(CloudflareFake.TOKEN).baseUrl(fake().baseUrl())
                .sleeper(sleeper).build();
    }

    @Override
    protected String zone() {
        return "example.com";
    }

    @Override
    protected Optional<DnsChallengeProvider> providerWithBadCredentials() {
        return Optional.of(CloudflareDnsProvider.builder().apiToken(WRONG_TOKEN).baseUrl(fake().baseUrl())
                .sleeper(sleeper).build());
    }

    @Override
    protected List<String> secrets() {
        return List.of(CloudflareFake.TOKEN, WRONG_TOKEN);
    }
}
