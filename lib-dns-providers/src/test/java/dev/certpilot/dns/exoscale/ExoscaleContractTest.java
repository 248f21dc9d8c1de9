package dev.certpilot.dns.exoscale;

import dev.certpilot.dns.testing.FakeApiContractTest;
import dev.certpilot.spi.DnsChallengeProvider;
import java.util.List;
import java.util.Optional;

/** The provider contract against {@link ExoscaleFake}, a stateful stub of the documented Exoscale API v2. */
class ExoscaleContractTest extends FakeApiContractTest<ExoscaleFake> {

    private static final String WRONG_SECRET = "wrong-Wq7rmJ0nGXcPeEzG2lwS0Dq3bVj5dE3";

    ExoscaleContractTest() {
        super(new ExoscaleFake("example.com"));
    }

    private DnsChallengeProvider build(String secret) {
        return ExoscaleDnsProvider.builder().credentials(ExoscaleFake.KEY, secret).endpoint(fake().baseUrl() + "/v2")
                .sleeper(sleeper).build();
    }

    @Override
    protected DnsChallengeProvider createProvider() {
        return build(ExoscaleFake.SECRET);
    }

    @Override
    protected String zone() {
        return "example.com";
    }

    @Override
    protected Optional<DnsChallengeProvider> providerWithBadCredentials() {
        return Optional.of(build(WRONG_SECRET));
    }

    @Override
    protected List<String> secrets() {
        return List.of(ExoscaleFake.SECRET, WRONG_SECRET);
    }
}
