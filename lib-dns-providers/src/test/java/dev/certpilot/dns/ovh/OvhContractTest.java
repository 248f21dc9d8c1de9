package dev.certpilot.dns.ovh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.certpilot.dns.testing.FakeApiContractTest;
import dev.certpilot.spi.DnsChallengeProvider;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The provider contract against {@link OvhFake}, a stateful stub of the documented OVH API v1. */
class OvhContractTest extends FakeApiContractTest<OvhFake> {

    private static final String WRONG_SECRET = "wrongApplicationSecret0123456789";

    OvhContractTest() {
        super(new OvhFake("example.com"));
    }

    private DnsChallengeProvider build(String secret) {
        return OvhDnsProvider.builder().credentials(OvhFake.APP_KEY, secret, OvhFake.CONSUMER_KEY)
                .endpoint(fake().baseUrl() + "/1.0").sleeper(sleeper).build();
    }

    @Override
    protected DnsChallengeProvider createProvider() {
        return build(OvhFake.APP_SECRET);
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
        return List.of(OvhFake.APP_SECRET, OvhFake.CONSUMER_KEY, WRONG_SECRET);
    }

    @Test
    void theApexIsTheEmptySubDomain() {
        String value = newValue();
        provider().present(record("example.com", value));
        assertThat(fake().txtValues("example.com")).containsExactly(value);
        provider().cleanup(record("example.com", value));
        assertThat(fake().txtValues("example.com")).isEmpty();
    }
}
