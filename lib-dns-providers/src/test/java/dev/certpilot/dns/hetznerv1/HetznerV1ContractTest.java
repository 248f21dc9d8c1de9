package dev.certpilot.dns.hetznerv1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.certpilot.ErrorCode;
import dev.certpilot.dns.testing.FakeApiContractTest;
import dev.certpilot.spi.ChallengeRecord;
import dev.certpilot.spi.DnsChallengeProvider;
import dev.certpilot.spi.DnsProviderException;
import dev.certpilot.spi.ZoneLister;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The provider contract against {@link HetznerV1Fake}, a stateful stub of the documented Hetzner Cloud API (zones,
 * RRSets, RRSet actions, actions), plus what is particular to it: the apex, the TTL of an existing RRSet, actions
 * followed with the sleeper, secondary zones.
 */
class HetznerV1ContractTest extends FakeApiContractTest<HetznerV1Fake> {

    private static final String WRONG_TOKEN = "wrongTokenAoFl7F8MqUQ7jAo2hOXASztX7w2YiYdZqXRZvZ9Sy8YMGJKhHz6EL";

    HetznerV1ContractTest() {
        super(new HetznerV1Fake("example.com", "other.example", "secondary.example"));
    }

    @Override
    protected DnsChallengeProvider createProvider() {
        return HetznerV1DnsProvider.builder().apiToken(HetznerV1Fake.TOKEN).baseUrl(fake().baseUrl() + "/v1")
                .sleeper(sleeper).build();
    }

    @Override
    protected String zone() {
        return "example.com";
    }

    @Override
    protected Optional<DnsChallengeProvider> providerWithBadCredentials() {
        return Optional.of(HetznerV1DnsProvider.builder().apiToken(WRONG_TOKEN).baseUrl(fake().baseUrl() + "/v1")
                .sleeper(sleeper).build());
    }

    @Override
    protected List<String> secrets() {
        return List.of(HetznerV1Fake.TOKEN, WRONG_TOKEN);
    }

    @Test
    void apexAndWildcardValuesAtTheZoneApexShareOneRrset() {
        String apex = newValue();
        String wildcard = newValue();
        String fqdn = "other.example";
        provider().present(ChallengeRecord.of(fqdn, fqdn, apex));
        provider().present(ChallengeRecord.of(fqdn, fqdn, wildcard));
        assertThat(fake().txtValues(fqdn)).containsExactlyInAnyOrder(apex, wildcard);
        provider().cleanup(ChallengeRecord.of(fqdn, fqdn, apex));
        assertThat(fake().txtValues(fqdn)).containsExactly(wildcard);
        provider().cleanup(ChallengeRecord.of(fqdn, fqdn, wildcard));
        assertThat(fake().txtValues(fqdn)).isEmpty();
    }

    @Test
    void aNewRrsetGetsTheRecordTtlAndASecondValueKeepsIt() {
        String name = newName();
        provider().present(new ChallengeRecord(zone(), name, newValue(), 300));
        provider().present(new ChallengeRecord(zone(), name, newValue(), 60));
        assertThat(fake().txtTtl(name)).isEqualTo(300);
        assertThat(fake().txtValues(name)).hasSize(2);
    }

    @Test
    void everyWriteWaitsForItsActionWithTheSleeper() {
        String name = newName();
        String value = newValue();
        provider().present(record(name, newValue()));
        fake().runningReads(2);
        try {
            sleeper.clear();
            provider().present(record(name, value));
            assertThat(fake().txtValues(name)).contains(value);
            provider().cleanup(record(name, value));
        } finally {
            fake().runningReads(0);
        }
        assertThat(sleeper.sleeps()).as("read at once, then a pause before each further read, per action")
                .containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1),
                        Duration.ofSeconds(1));
        assertThat(fake().txtValues(name)).hasSize(1).doesNotContain(value);
    }

    @Test
    void aSecondaryZoneIsATypedErrorThatIsNotRetried() {
        fake().makeSecondary("secondary.example");
        sleeper.clear();
        assertThatThrownBy(() -> provider().present(ChallengeRecord.of("secondary.example",
                "_acme-challenge.secondary.example", newValue())))
                .isInstanceOfSatisfying(DnsProviderException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.DNS_PROVIDER_ERROR);
                    assertThat(e.httpStatus()).hasValue(422);
                    assertThat(e.getMessage()).contains("incorrect_zone_mode");
                    assertThat(e.isAuthenticationFailure()).isFalse();
                });
        assertThat(sleeper.sleeps()).isEmpty();
    }

    @Test
    void unknownZoneIsZoneNotFound() {
        assertThatThrownBy(() -> provider().present(ChallengeRecord.of("example.org", "_acme-challenge.example.org",
                newValue()))).isInstanceOfSatisfying(DnsProviderException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.ZONE_NOT_FOUND));
    }

    @Test
    void listsEveryZone() {
        assertThat(((ZoneLister) provider()).zones())
                .containsExactly("example.com", "other.example", "secondary.example");
    }
}
