package dev.certpilot.dns.httpreq;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import dev.certpilot.dns.testing.FakeApiContractTest;
import dev.certpilot.spi.DnsChallengeProvider;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The provider contract against {@link HttpReqFake}, plus the exact requests lego's protocol prescribes. */
class HttpReqContractTest extends FakeApiContractTest<HttpReqFake> {

    HttpReqContractTest() {
        super(new HttpReqFake());
    }

    @Override
    protected DnsChallengeProvider createProvider() {
        return HttpReqDnsProvider.builder().baseUrl(fake().baseUrl())
                .basicAuth(HttpReqFake.USER, HttpReqFake.PASSWORD).sleeper(sleeper).build();
    }

    @Override
    protected String zone() {
        return "example.com";
    }

    @Override
    protected Optional<DnsChallengeProvider> providerWithBadCredentials() {
        return Optional.of(HttpReqDnsProvider.builder().baseUrl(fake().baseUrl())
                .basicAuth(HttpReqFake.USER, "wrong-password-Z8").sleeper(sleeper).build());
    }

    @Override
    protected List<String> secrets() {
        return List.of(HttpReqFake.PASSWORD, "wrong-password-Z8");
    }

    @Test
    void sendsLegosPresentAndCleanupBodies() {
        String name = newName();
        String value = newValue();
        provider().present(record(name, value));
        provider().cleanup(record(name, value));
        String body = "{\"fqdn\": \"" + name + ".\", \"value\": \"" + value + "\"}";
        fake().server().verify(1, postRequestedFor(urlEqualTo("/present")).withRequestBody(equalToJson(body))
                .withHeader("Content-Type", equalTo("application/json")));
        fake().server().verify(1, postRequestedFor(urlEqualTo("/cleanup")).withRequestBody(equalToJson(body)));
    }
}
