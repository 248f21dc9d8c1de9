package dev.certpilot.dns.porkbun;

import dev.certpilot.dns.testing.FakeApiContractTest;
import dev.certpilot.spi.DnsChallengeProvider;
import java.util.List;
import java.util.Optional;

/** The provider contract against {@link PorkbunFake}, a stateful stub of the documented Porkbun API v3. */
class PorkbunContractTest extends FakeApiContractTest<PorkbunFake> {

    private static final String WRONG_SECRET = "sk1_wrong0000000000000000000000000000000000000000000000000000000000";

    PorkbunContractTest() {
        super(new PorkbunFake("example.com", "example.org"));
    }

    @Override
    protected DnsChallengeProvider createProvider() {
        return PorkbunDnsProvider.builder().apiKey(PorkbunFake.API_KEY, PorkbunFake.SECRET_KEY)
                .baseUrl(fake().baseUrl()).sleeper(sleeper).build();
    }

    @Override
    protected String zone() {
        return "example.com";
    }

    @Override
    protected Optional<DnsChallengeProvider> providerWithBadCredentials() {
        return Optional.of(PorkbunDnsProvider.builder().apiKey(PorkbunFake.API_KEY, WRONG_SECRET)
                .baseUrl(fake().baseUrl()).sleeper(sleeper).build());
    }

    @Override
    protected List<String> secrets() {
        return List.of(PorkbunFake.API_KEY, PorkbunFake.SECRET_KEY, WRONG_SECRET);
    }
}
