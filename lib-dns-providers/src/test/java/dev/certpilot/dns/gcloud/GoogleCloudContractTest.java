package dev.certpilot.dns.gcloud;

import static org.assertj.core.api.Assertions.assertThat;

import dev.certpilot.dns.testing.FakeApiContractTest;
import dev.certpilot.spi.ChallengeRecord;
import dev.certpilot.spi.DnsChallengeProvider;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The provider contract against {@link GoogleCloudFake}: Cloud DNS API v1 and Google's token endpoint as documented. */
class GoogleCloudContractTest extends FakeApiContractTest<GoogleCloudFake> {

    GoogleCloudContractTest() {
        super(new GoogleCloudFake("example.com"));
    }

    private GoogleCloudDnsProvider build(String keyJson) {
        return GoogleCloudDnsProvider.builder().serviceAccountKey(keyJson).baseUrl(fake().baseUrl() + GoogleCloudFake.API)
                .tokenUrl(fake().baseUrl() + "/token").sleeper(sleeper).build();
    }

    @Override
    protected DnsChallengeProvider createProvider() {
        return build(ServiceAccounts.keyJson(ServiceAccounts.KEY));
    }

    @Override
    protected String zone() {
        return "example.com";
    }

    @Override
    protected Optional<DnsChallengeProvider> providerWithBadCredentials() {
        return Optional.of(build(ServiceAccounts.keyJson(ServiceAccounts.OTHER_KEY)));
    }

    @Override
    protected List<String> secrets() {
        return List.of(pemBody(ServiceAccounts.KEY), pemBody(ServiceAccounts.OTHER_KEY));
    }

    private static String pemBody(java.security.KeyPair pair) {
        return ServiceAccounts.pem(pair).lines().skip(1).limit(3).reduce("", String::concat);
    }

    @Test
    void theChangeIsInSyncWhenCloudDnsSaysDone() {
        GoogleCloudDnsProvider provider = (GoogleCloudDnsProvider) provider();
        ChallengeRecord record = record(newName(), newValue());
        provider.present(record);
        assertThat(provider.isInSync(record)).isFalse();
        assertThat(provider.isInSync(record)).isTrue();
    }

    @Test
    void oneTokenServesManyCalls() {
        int before = fake().tokensIssued();
        DnsChallengeProvider provider = build(ServiceAccounts.keyJson(ServiceAccounts.KEY));
        provider.present(record(newName(), newValue()));
        provider.present(record(newName(), newValue()));
        assertThat(fake().tokensIssued() - before).isEqualTo(1);
    }
}
