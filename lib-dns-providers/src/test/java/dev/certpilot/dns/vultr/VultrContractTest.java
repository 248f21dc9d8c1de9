package dev.certpilot.dns.vultr;

import dev.certpilot.dns.testing.FakeApiContractTest;
import dev.certpilot.spi.DnsChallengeProvider;
import java.util.List;
import java.util.Optional;

/**
 * The provider contract against {@link VultrFake}, a stateful stub of the documented Vultr API v2; its pages hold at
 * most two items, so every listing goes through the cursor.
 */
class VultrContractTest extends FakeApiContractTest<VultrFake> {

    private static final String WRONG_KEY = "WRONGKEY7QZ2W4M6N8P0R2T4V6X8Z0B2D4F";

    VultrContractTest() {
        super(new VultrFake(2, "example.com"));
    }

    @Override
    protected DnsChallengeProvider createProvider() {
        return VultrDnsProvider.builder().apiKey(VultrFake.TOKEN).baseUrl(fake().baseUrl()).sleeper(sleeper).build();
    }

    @Override
    protected String zone() {
        return "example.com";
    }

    @Override
    protected Optional<DnsChallengeProvider> providerWithBadCredentials() {
        return Optional.of(VultrDnsProvider.builder().apiKey(WRONG_KEY).baseUrl(fake().baseUrl()).sleeper(sleeper)
                .build());
    }

    @Override
    protected List<String> secrets() {
        return List.of(VultrFake.TOKEN, WRONG_KEY);
    }
}
