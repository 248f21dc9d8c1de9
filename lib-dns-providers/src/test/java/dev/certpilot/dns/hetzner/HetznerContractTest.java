package dev.certpilot.dns.hetzner;

import dev.certpilot.dns.testing.FakeApiContractTest;
import dev.certpilot.spi.DnsChallengeProvider;
import java.util.List;
import java.util.Optional;

/** The provider contract against {@link HetznerFake}, a stateful stub of the documented Hetzner DNS API. */
class HetznerContractTest extends FakeApiContractTest<HetznerFake> {

    private static final String WRONG_TOKEN = "wrongTokenQ39S6akqoav5meAsv5OIpe";

    HetznerContractTest() {
        super(new HetznerFake("example.com", "other.example"));
    }

    @Override
    protected DnsChallengeProvider createProvider() {
        return HetznerDnsProvider.builder().apiKey(HetznerFake.TOKEN).baseUrl(fake().baseUrl()).sleeper(sleeper)
                .build();
    }

    @Override
    protected String zone() {
        return "example.com";
    }

    @Override
    protected Optional<DnsChallengeProvider> providerWithBadCredentials() {
        return Optional.of(HetznerDnsProvider.builder().apiKey(WRONG_TOKEN).baseUrl(fake().baseUrl())
                .sleeper(sleeper).build());
    }

    @Override
    protected List<String> secrets() {
        return List.of(HetznerFake.TOKEN, WRONG_TOKEN);
    }
}
