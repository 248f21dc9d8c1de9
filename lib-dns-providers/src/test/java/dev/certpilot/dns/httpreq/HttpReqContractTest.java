package dev.certpilot.dns.httpreq;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import dev.certpilot.dns.testing.DnsProviderContractTest;
import dev.certpilot.dns.testing.FaultInjector;
import dev.certpilot.dns.testing.WireMockFaults;
import dev.certpilot.spi.DnsChallengeProvider;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The provider contract against {@link HttpReqFake}, plus the exact requests lego's protocol prescribes. */
class HttpReqContractTest extends DnsProviderContractTest {

    private static final HttpReqFake FAKE = new HttpReqFake();
    private static WireMockFaults faults;

    private final DnsChallengeProvider provider = HttpReqDnsProvider.builder().baseUrl(FAKE.baseUrl())
            .basicAuth(HttpReqFake.USER, HttpReqFake.PASSWORD).sleeper(sleeper).build();

    @BeforeAll
    static void start() {
        faults = new WireMockFaults(FAKE.startServer());
    }

    @AfterAll
    static void stop() {
        FAKE.close();
    }

    @Override
    protected DnsChallengeProvider provider() {
        return provider;
    }

    @Override
    protected String zone() {
        return "example.com";
    }

    @Override
    protected Set<String> txtValues(String fqdn) {
        return FAKE.txtValues(fqdn);
    }

    @Override
    protected Optional<DnsChallengeProvider> providerWithBadCredentials() {
        return Optional.of(HttpReqDnsProvider.builder().baseUrl(FAKE.baseUrl())
                .basicAuth(HttpReqFake.USER, "wrong-password-Z8").sleeper(sleeper).build());
    }

    @Override
    protected Optional<FaultInjector> faults() {
        return Optional.of(faults);
    }

    @Override
    protected List<String> secrets() {
        return List.of(HttpReqFake.PASSWORD, "wrong-password-Z8");
    }

    @Test
    void sendsLegosPresentAndCleanupBodies() {
        String name = newName();
        String value = newValue();
        provider.present(record(name, value));
        provider.cleanup(record(name, value));
        String body = "{\"fqdn\": \"" + name + ".\", \"value\": \"" + value + "\"}";
        FAKE.server().verify(1, postRequestedFor(urlEqualTo("/present")).withRequestBody(equalToJson(body))
                .withHeader("Content-Type", equalTo("application/json")));
        FAKE.server().verify(1, postRequestedFor(urlEqualTo("/cleanup")).withRequestBody(equalToJson(body)));
    }
}
