package dev.certpilot.dns.azuredns;

import static org.assertj.core.api.Assertions.assertThat;

import dev.certpilot.dns.testing.FakeApiContractTest;
import dev.certpilot.spi.DnsChallengeProvider;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The provider contract against {@link AzureDnsFake}: Entra ID's token endpoint and Azure DNS on ARM as documented. */
class AzureDnsContractTest extends FakeApiContractTest<AzureDnsFake> {

    private static final String WRONG_SECRET = "Qq11Q~wrongSecretValue.abcdefghijklmnopqr";

    AzureDnsContractTest() {
        super(new AzureDnsFake("example.com"));
    }

    private AzureDnsProvider build(String secret) {
        return AzureDnsProvider.builder()
                .servicePrincipal(AzureDnsFake.TENANT, AzureDnsFake.CLIENT_ID, secret)
                .subscriptionId(AzureDnsFake.SUBSCRIPTION).baseUrl(fake().baseUrl())
                .authorityHost(fake().baseUrl()).sleeper(sleeper).build();
    }

    @Override
    protected DnsChallengeProvider createProvider() {
        return build(AzureDnsFake.CLIENT_SECRET);
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
        return List.of(AzureDnsFake.CLIENT_SECRET, WRONG_SECRET);
    }

    @Test
    void theLastValueRemovedDeletesTheRecordSet() {
        String name = newName();
        String value = newValue();
        provider().present(record(name, value));
        String relative = name.substring(0, name.length() - ".example.com".length());
        assertThat(fake().hasSet("example.com", relative)).isTrue();
        provider().cleanup(record(name, value));
        assertThat(fake().hasSet("example.com", relative)).isFalse();
    }
}
