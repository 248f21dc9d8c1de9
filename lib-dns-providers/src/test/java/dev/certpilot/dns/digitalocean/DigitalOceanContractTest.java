package dev.certpilot.dns.digitalocean;

import dev.certpilot.dns.testing.FakeApiContractTest;
import dev.certpilot.spi.DnsChallengeProvider;
import java.util.List;
import java.util.Optional;

/** The provider contract against {@link DigitalOceanFake}, a stateful stub of the documented DigitalOcean API v2. */
class DigitalOceanContractTest extends FakeApiContractTest<DigitalOceanFake> {

    private static final String WRONG_TOKEN = "dop_v1_wrong0000000000000000000000000000000000000000000000000000000";

    DigitalOceanContractTest() {
        super(new DigitalOceanFake("example.com"));
    }

    @Override
    protected DnsChallengeProvider createProvider() {
        return DigitalOceanDnsProvider.builder().authToken(DigitalOceanFake.TOKEN).baseUrl(fake().baseUrl())
                .sleeper(sleeper).build();
    }

    @Override
    protected String zone() {
        return "example.com";
    }

    @Override
    protected Optional<DnsChallengeProvider> providerWithBadCredentials() {
        return Optional.of(DigitalOceanDnsProvider.builder().authToken(WRONG_TOKEN).baseUrl(fake().baseUrl())
                .sleeper(sleeper).build());
    }

    @Override
    protected List<String> secrets() {
        return List.of(DigitalOceanFake.TOKEN, WRONG_TOKEN);
    }
}
