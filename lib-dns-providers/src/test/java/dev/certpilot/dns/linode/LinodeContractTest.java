package dev.certpilot.dns.linode;

import dev.certpilot.dns.testing.FakeApiContractTest;
import dev.certpilot.spi.DnsChallengeProvider;
import java.util.List;
import java.util.Optional;

/** The provider contract against {@link LinodeFake}, a stateful stub of the documented Linode API v4. */
class LinodeContractTest extends FakeApiContractTest<LinodeFake> {

    private static final String WRONG_TOKEN = "0000000000000000000000000000000000000000000000000000000000wrong0";

    LinodeContractTest() {
        super(new LinodeFake("example.com", "example.org"));
    }

    @Override
    protected DnsChallengeProvider createProvider() {
        return LinodeDnsProvider.builder().token(LinodeFake.TOKEN).baseUrl(fake().baseUrl()).sleeper(sleeper).build();
    }

    @Override
    protected String zone() {
        return "example.com";
    }

    @Override
    protected Optional<DnsChallengeProvider> providerWithBadCredentials() {
        return Optional.of(LinodeDnsProvider.builder().token(WRONG_TOKEN).baseUrl(fake().baseUrl()).sleeper(sleeper)
                .build());
    }

    @Override
    protected List<String> secrets() {
        return List.of(LinodeFake.TOKEN, WRONG_TOKEN);
    }
}
