package dev.certpilot.dns.route53;

import static org.assertj.core.api.Assertions.assertThat;

import dev.certpilot.dns.testing.FakeApiContractTest;
import dev.certpilot.spi.ChallengeRecord;
import dev.certpilot.spi.DnsChallengeProvider;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The provider contract against {@link Route53Fake}, a stateful stub of the documented Route 53 API 2013-04-01. */
class Route53ContractTest extends FakeApiContractTest<Route53Fake> {

    private static final String WRONG_SECRET = "r53-wrong-secret-Qz7nW2xK9pL4vM8sT1yB";

    Route53ContractTest() {
        super(new Route53Fake("example.com"));
    }

    @Override
    protected DnsChallengeProvider createProvider() {
        return Route53DnsProvider.builder().credentials(Route53Fake.KEY_ID, Route53Fake.SECRET)
                .baseUrl(fake().baseUrl()).sleeper(sleeper).build();
    }

    @Override
    protected String zone() {
        return "example.com";
    }

    @Override
    protected Optional<DnsChallengeProvider> providerWithBadCredentials() {
        return Optional.of(Route53DnsProvider.builder().credentials(Route53Fake.KEY_ID, WRONG_SECRET)
                .baseUrl(fake().baseUrl()).sleeper(sleeper).build());
    }

    @Override
    protected List<String> secrets() {
        return List.of(Route53Fake.SECRET, WRONG_SECRET);
    }

    @Test
    void thePublishingChangeIsReportedInSyncOnceRoute53SaysSo() {
        Route53DnsProvider provider = (Route53DnsProvider) provider();
        ChallengeRecord record = record(newName(), newValue());
        provider.present(record);
        assertThat(provider.isInSync(record)).as("first GetChange: PENDING").isFalse();
        assertThat(provider.isInSync(record)).as("second GetChange: INSYNC").isTrue();
        assertThat(provider.isInSync(record)).as("known to be in sync, no more polling").isTrue();
    }

    @Test
    void theLastValueRemovedDeletesTheRecordSet() {
        String name = newName();
        provider().present(record(name, newValue()));
        assertThat(fake().set(name)).isNotNull();
        String value = fake().txtValues(name).iterator().next();
        provider().cleanup(record(name, value));
        assertThat(fake().set(name)).as("Route 53 holds no empty set").isNull();
    }
}
