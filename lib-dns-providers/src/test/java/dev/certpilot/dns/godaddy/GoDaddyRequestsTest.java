package dev.certpilot.dns.godaddy;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.certpilot.dns.testing.RecordingSleeper;
import dev.certpilot.spi.ChallengeRecord;
import dev.certpilot.spi.DnsProviderException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The exact requests {@link GoDaddyDnsProvider} sends, against stubs copied from GoDaddy's Domains API reference
 * (https://developer.godaddy.com/doc/endpoint/domains: {@code get}, {@code list}, {@code recordGet},
 * {@code recordReplaceTypeName}, {@code recordDeleteTypeName}; authentication https://developer.godaddy.com/getstarted).
 */
class GoDaddyRequestsTest {

    private static final String KEY = "UzQxLikm_46KxDFnbjN7cQjmw6wocia";
    private static final String SECRET = "46L26ydpkwMaKZV6uVdDWe";
    private static final String VALUE = "ADw2sEd82DUgXcQ9hNBZThJs7zVJkR5v9JeSbAb9mZY";
    private static final String OTHER = "9XK0hxW5o3Xr8bL6GgI5g6GSbhzSi6H0G1eb0nUShcA";
    private static final String TXT = "/v1/domains/example.com/records/TXT/_acme-challenge.www";

    private final WireMockServer server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());

    @BeforeEach
    void start() {
        server.start();
        server.stubFor(get("/v1/domains/example.com").willReturn(okJson("""
                {"domain": "example.com", "domainId": 1002111, "status": "ACTIVE", "expires": "2027-01-01T00:00:00.000Z",
                 "expirationProtected": false, "holdRegistrar": false, "locked": true, "privacy": false,
                 "renewAuto": true, "renewable": true, "transferProtected": false,
                 "nameServers": ["ns51.domaincontrol.com", "ns52.domaincontrol.com"]}""")));
        server.stubFor(put(TXT).willReturn(aResponse().withStatus(200)));
        server.stubFor(delete(TXT).willReturn(aResponse().withStatus(204)));
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    private GoDaddyDnsProvider provider() {
        return GoDaddyDnsProvider.builder().credentials(KEY, SECRET).baseUrl(server.baseUrl())
                .sleeper(new RecordingSleeper()).build();
    }

    private void stubRecords(String json) {
        server.stubFor(get(TXT).willReturn(okJson(json)));
    }

    @Test
    void presentReplacesTheTxtRecordsWithTheValueAddedAndTtlAtLeast600() {
        stubRecords("[{\"data\": \"%s\", \"name\": \"_acme-challenge.www\", \"ttl\": 3600, \"type\": \"TXT\"}]"
                .formatted(OTHER));

        provider().present(ChallengeRecord.of("example.com", "_acme-challenge.www.example.com", VALUE));

        server.verify(getRequestedFor(urlEqualTo("/v1/domains/example.com"))
                .withHeader("Authorization", equalTo("sso-key " + KEY + ":" + SECRET)));
        server.verify(getRequestedFor(urlEqualTo(TXT)).withHeader("Authorization", equalTo("sso-key " + KEY + ":" + SECRET)));
        server.verify(1, putRequestedFor(urlEqualTo(TXT)).withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(equalToJson("""
                        [{"data": "%s", "ttl": 3600}, {"data": "%s", "ttl": 600}]""".formatted(OTHER, VALUE))));
    }

    @Test
    void cleanupWritesTheOthersBackOrDeletesTheLastOne() {
        stubRecords("[{\"data\": \"%s\", \"name\": \"_acme-challenge.www\", \"ttl\": 600, \"type\": \"TXT\"},"
                .formatted(OTHER) + "{\"data\": \"%s\", \"name\": \"_acme-challenge.www\", \"ttl\": 600, \"type\": \"TXT\"}]"
                .formatted(VALUE));
        provider().cleanup(ChallengeRecord.of("example.com", "_acme-challenge.www.example.com", VALUE));
        server.verify(putRequestedFor(urlEqualTo(TXT)).withRequestBody(equalToJson("""
                [{"data": "%s", "ttl": 600}]""".formatted(OTHER))));

        stubRecords("[{\"data\": \"%s\", \"name\": \"_acme-challenge.www\", \"ttl\": 600, \"type\": \"TXT\"}]"
                .formatted(VALUE));
        provider().cleanup(ChallengeRecord.of("example.com", "_acme-challenge.www.example.com", VALUE));
        server.verify(1, deleteRequestedFor(urlEqualTo(TXT)));
    }

    @Test
    void theApexIsAt() {
        server.stubFor(get("/v1/domains/example.com/records/TXT/%40").willReturn(okJson("[]")));
        server.stubFor(put("/v1/domains/example.com/records/TXT/%40").willReturn(aResponse().withStatus(200)));
        provider().present(ChallengeRecord.of("example.com", "example.com", VALUE));
        server.verify(putRequestedFor(urlEqualTo("/v1/domains/example.com/records/TXT/%40")));
    }

    @Test
    void aRefusedKeyIsAnAuthenticationFailureWithoutTheCredentials() {
        server.stubFor(get("/v1/domains/example.com").willReturn(aResponse().withStatus(401)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"code\": \"UNABLE_TO_AUTHENTICATE\", \"message\": \"Unable to authenticate request\"}")));

        assertThatThrownBy(() -> provider().present(ChallengeRecord.of("example.com", "_acme-challenge.example.com",
                VALUE))).isInstanceOfSatisfying(DnsProviderException.class, e -> {
                    assertThat(e.isAuthenticationFailure()).isTrue();
                    assertThat(e.getMessage()).contains("UNABLE_TO_AUTHENTICATE").doesNotContain(KEY, SECRET);
                });
        assertThat(provider().toString()).doesNotContain(KEY, SECRET);
    }

    @Test
    void aRefusedBodyReportsGoDaddysFields() {
        stubRecords("[]");
        server.stubFor(put(TXT).willReturn(aResponse().withStatus(422).withHeader("Content-Type", "application/json")
                .withBody("""
                        {"code": "INVALID_BODY", "fields": [{"code": "UNEXPECTED_TYPE", "message": "is not a number",
                         "path": "records[0].ttl"}], "message": "Request body doesn't fulfill schema, see details in `fields`"}""")));

        assertThatThrownBy(() -> provider().present(ChallengeRecord.of("example.com", "_acme-challenge.www.example.com",
                VALUE))).isInstanceOfSatisfying(DnsProviderException.class, e -> assertThat(e.getMessage())
                        .contains("INVALID_BODY", "records[0].ttl: is not a number"));
    }

    @Test
    void zoneListerPagesWithTheLastDomainAsMarker() {
        StringBuilder page = new StringBuilder("[");
        for (int i = 0; i < 1000; i++) {
            page.append(i == 0 ? "" : ",").append("{\"domain\": \"d").append(String.format("%04d", i))
                    .append(".example\", \"status\": \"ACTIVE\"}");
        }
        server.stubFor(get("/v1/domains?statuses=ACTIVE&limit=1000").willReturn(okJson(page + "]")));
        server.stubFor(get("/v1/domains?statuses=ACTIVE&limit=1000&marker=d0999.example").willReturn(okJson(
                "[{\"domain\": \"Example.COM\", \"status\": \"ACTIVE\"}]")));

        assertThat(provider().zones()).hasSize(1001).contains("example.com", "d0000.example");
    }
}
