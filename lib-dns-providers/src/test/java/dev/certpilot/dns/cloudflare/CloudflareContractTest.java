package dev.certpilot.dns.cloudflare;

import dev.certpilot.dns.testing.DnsProviderContractTest;
import dev.certpilot.dns.testing.FaultInjector;
import dev.certpilot.dns.testing.WireMockFaults;
import dev.certpilot.spi.DnsChallengeProvider;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The provider contract against {@link CloudflareFake}, a stateful stub of the documented Cloudflare API v4. */
class CloudflareContractTest extends DnsProviderContractTest {

    private static final String WRONG_TOKEN = "cf-wrong-token-8dK2mQ5vX1";
    private static final CloudflareFake FAKE = new CloudflareFake("example.com");
    private static WireMockFaults faults;

    private final DnsChallengeProvider provider = CloudflareDnsProvider.builder().apiToken(CloudflareFake.TOKEN)
            .baseUrl(FAKE.baseUrl()).sleeper(sleeper).build();

    @BeforeAll
    static void start() {
        faults = new WireMockFaults(FAKE.startServer());
    }

    @AfterAll
    static void stop() {
        FAKE.close();
    }

    @Override
    protected DnsChallengeProvider provider() {
        return provider;
    }

    @Override
    protected String zone() {
        return "example.com";
    }

    @Override
    protected Set<String> txtValues(String fqdn) {
        return FAKE.txtValues(fqdn);
    }

    @Override
    protected Optional<DnsChallengeProvider> providerWithBadCredentials() {
        return Optional.of(CloudflareDnsProvider.builder().apiToken(WRONG_TOKEN).baseUrl(FAKE.baseUrl())
                .sleeper(sleeper).build());
    }

    @Override
    protected Optional<FaultInjector> faults() {
        return Optional.of(faults);
    }

    @Override
    protected List<String> secrets() {
        return List.of(CloudflareFake.TOKEN, WRONG_TOKEN);
    }
}
