package dev.certpilot.dns.godaddy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.certpilot.dns.testing.FakeApiContractTest;
import dev.certpilot.spi.DnsChallengeProvider;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The provider contract against {@link GoDaddyFake}, a stateful stub of the documented GoDaddy Domains API v1. */
class GoDaddyContractTest extends FakeApiContractTest<GoDaddyFake> {

    private static final String WRONG_SECRET = "wrongSecretQ8mPz";

    GoDaddyContractTest() {
        super(new GoDaddyFake("example.com"));
    }

    private DnsChallengeProvider build(String secret) {
        return GoDaddyDnsProvider.builder().credentials(GoDaddyFake.KEY, secret).baseUrl(fake().baseUrl())
                .sleeper(sleeper).build();
    }

    @Override
    protected DnsChallengeProvider createProvider() {
        return build(GoDaddyFake.SECRET);
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
        return List.of(GoDaddyFake.KEY, GoDaddyFake.SECRET, WRONG_SECRET);
    }

    @Test
    void theLastValueRemovedDeletesTheRecords() {
        String name = newName();
        String value = newValue();
        provider().present(record(name, value));
        String relative = name.substring(0, name.length() - ".example.com".length());
        assertThat(fake().hasTxt("example.com", relative)).isTrue();
        provider().cleanup(record(name, value));
        assertThat(fake().hasTxt("example.com", relative)).isFalse();
    }
}
