package dev.certpilot.dns.dnsimple;

import dev.certpilot.dns.testing.FakeApiContractTest;
import dev.certpilot.spi.DnsChallengeProvider;
import java.util.List;
import java.util.Optional;

/** The provider contract against {@link DnsimpleFake}, a stateful stub of the documented DNSimple API v2. */
class DnsimpleContractTest extends FakeApiContractTest<DnsimpleFake> {

    private static final String WRONG_TOKEN = "dnsimpletest_a_wrongwrongwrongwrongwrong";

    DnsimpleContractTest() {
        super(new DnsimpleFake("example.com"));
    }

    @Override
    protected DnsChallengeProvider createProvider() {
        return DnsimpleDnsProvider.builder().oauthToken(DnsimpleFake.TOKEN).baseUrl(fake().baseUrl())
                .sleeper(sleeper).build();
    }

    @Override
    protected String zone() {
        return "example.com";
    }

    @Override
    protected Optional<DnsChallengeProvider> providerWithBadCredentials() {
        return Optional.of(DnsimpleDnsProvider.builder().oauthToken(WRONG_TOKEN).baseUrl(fake().baseUrl())
                .sleeper(sleeper).build());
    }

    @Override
    protected List<String> secrets() {
        return List.of(DnsimpleFake.TOKEN, WRONG_TOKEN);
    }
}
