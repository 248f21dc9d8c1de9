package dev.certpilot.dns.gandiv5;

import dev.certpilot.dns.testing.FakeApiContractTest;
import dev.certpilot.spi.DnsChallengeProvider;
import java.util.List;
import java.util.Optional;

/** The provider contract against {@link GandiFake}, a stateful stub of the documented Gandi LiveDNS API. */
class GandiContractTest extends FakeApiContractTest<GandiFake> {

    private static final String WRONG_PAT = "pat_00000000-dead-beef-0000-000000000000";

    GandiContractTest() {
        super(new GandiFake("example.com"));
    }

    @Override
    protected DnsChallengeProvider createProvider() {
        return GandiDnsProvider.builder().personalAccessToken(GandiFake.PAT).baseUrl(fake().baseUrl())
                .sleeper(sleeper).build();
    }

    @Override
    protected String zone() {
        return "example.com";
    }

    @Override
    protected Optional<DnsChallengeProvider> providerWithBadCredentials() {
        return Optional.of(GandiDnsProvider.builder().personalAccessToken(WRONG_PAT).baseUrl(fake().baseUrl())
                .sleeper(sleeper).build());
    }

    @Override
    protected List<String> secrets() {
        return List.of(GandiFake.PAT, WRONG_PAT);
    }
}
