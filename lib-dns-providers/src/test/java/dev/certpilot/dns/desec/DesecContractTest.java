package dev.certpilot.dns.desec;

import dev.certpilot.dns.testing.FakeApiContractTest;
import dev.certpilot.spi.DnsChallengeProvider;
import java.util.List;
import java.util.Optional;

/** The provider contract against {@link DesecFake}, a stateful stub of the documented deSEC API. */
class DesecContractTest extends FakeApiContractTest<DesecFake> {

    private static final String WRONG_TOKEN = "wrong-token-H9ab8tRS98stGtURe";

    DesecContractTest() {
        super(new DesecFake(3600, "example.com"));
    }

    @Override
    protected DnsChallengeProvider createProvider() {
        return DesecDnsProvider.builder().token(DesecFake.TOKEN).baseUrl(fake().baseUrl()).sleeper(sleeper).build();
    }

    @Override
    protected String zone() {
        return "example.com";
    }

    @Override
    protected Optional<DnsChallengeProvider> providerWithBadCredentials() {
        return Optional.of(DesecDnsProvider.builder().token(WRONG_TOKEN).baseUrl(fake().baseUrl()).sleeper(sleeper)
                .build());
    }

    @Override
    protected List<String> secrets() {
        return List.of(DesecFake.TOKEN, WRONG_TOKEN);
    }
}
