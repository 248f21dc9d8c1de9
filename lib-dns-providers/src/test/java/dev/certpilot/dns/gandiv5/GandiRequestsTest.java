package dev.certpilot.dns.gandiv5;

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
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.certpilot.ErrorCode;
import dev.certpilot.dns.testing.RecordingSleeper;
import dev.certpilot.spi.ChallengeRecord;
import dev.certpilot.spi.DnsProviderException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The exact requests {@link GandiDnsProvider} sends, against stubs copied from Gandi's LiveDNS API documentation
 * (https://api.gandi.net/docs/livedns/, authentication https://api.gandi.net/docs/authentication/):
 * {@code GET /v5/livedns/domains/{fqdn}}, {@code GET|PUT|DELETE /v5/livedns/domains/{fqdn}/records/{rrset_name}/TXT},
 * {@code GET /v5/livedns/domains} with the {@code total-count} header.
 */
class GandiRequestsTest {

    private static final String PAT = "pat_4f1e2d3c-5b6a-7980-a1b2-c3d4e5f6a7b8";
    private static final String FQDN = "_acme-challenge.www.example.com";
    private static final String VALUE = "ADw2sEd82DUgXcQ9hNBZThJs7zVJkR5v9JeSbAb9mZY";
    private static final String OTHER = "9XK0hxW5o3Xr8bL6GgI5g6GSbhzSi6H0G1eb0nUShcA";
    private static final String RRSET = "/v5/livedns/domains/example.com/records/_acme-challenge.www/TXT";

    private final WireMockServer server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    private final RecordingSleeper sleeper = new RecordingSleeper();

    @BeforeEach
    void start() {
        server.start();
        server.stubFor(get(urlPathEqualTo("/v5/livedns/domains/example.com")).willReturn(okJson("""
                {"fqdn": "example.com", "automatic_snapshots": true,
                 "domain_keys_href": "https://api.gandi.net/v5/livedns/domains/example.com/keys",
                 "domain_records_href": "https://api.gandi.net/v5/livedns/domains/example.com/records",
                 "domain_href": "https://api.gandi.net/v5/livedns/domains/example.com"}
                """)));
        server.stubFor(put(urlPathEqualTo(RRSET)).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody("{\"message\": \"DNS Record Created\"}")));
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    private GandiDnsProvider provider() {
        return GandiDnsProvider.builder().personalAccessToken(PAT).baseUrl(server.baseUrl()).sleeper(sleeper).build();
    }

    private static String rrset(String... quotedValues) {
        return """
                {"rrset_name": "_acme-challenge.www", "rrset_type": "TXT", "rrset_ttl": 300,
                 "rrset_href": "https://api.gandi.net/v5/livedns/domains/example.com/records/_acme-challenge.www/TXT",
                 "rrset_values": [%s]}
                """.formatted(String.join(", ", quotedValues));
    }

    private static String q(String v) {
        return "\"\\\"" + v + "\\\"\"";
    }

    @Test
    void presentOnAnEmptyNameWritesTheSetWithItsQuotedValue() {
        server.stubFor(get(urlPathEqualTo(RRSET)).willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "application/json").withBody("""
                        {"code": 404, "message": "The resource could not be found.", "object": "HTTPNotFound",
                         "cause": "Not Found"}
                        """)));

        provider().present(ChallengeRecord.of("example.com", FQDN, VALUE));

        server.verify(getRequestedFor(urlPathEqualTo("/v5/livedns/domains/example.com"))
                .withHeader("Authorization", equalTo("Bearer " + PAT)));
        server.verify(1, putRequestedFor(urlPathEqualTo(RRSET)).withHeader("Authorization", equalTo("Bearer " + PAT))
                .withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(equalToJson("{\"rrset_ttl\": 300, \"rrset_values\": [" + q(VALUE) + "]}")));
    }

    @Test
    void presentKeepsTheValuesAlreadyThere() {
        server.stubFor(get(urlPathEqualTo(RRSET)).willReturn(okJson(rrset(q(OTHER)))));

        provider().present(new ChallengeRecord("example.com", FQDN, VALUE, 3600));

        server.verify(1, putRequestedFor(urlPathEqualTo(RRSET)).withRequestBody(equalToJson(
                "{\"rrset_ttl\": 3600, \"rrset_values\": [" + q(OTHER) + ", " + q(VALUE) + "]}")));
    }

    @Test
    void presentOfAValueAlreadyThereWritesNothing() {
        server.stubFor(get(urlPathEqualTo(RRSET)).willReturn(okJson(rrset(q(VALUE)))));

        provider().present(ChallengeRecord.of("example.com", FQDN, VALUE));

        server.verify(0, putRequestedFor(urlPathEqualTo(RRSET)));
    }

    @Test
    void cleanupWritesBackTheOtherValues() {
        server.stubFor(get(urlPathEqualTo(RRSET)).willReturn(okJson(rrset(q(OTHER), q(VALUE)))));

        provider().cleanup(ChallengeRecord.of("example.com", FQDN, VALUE));

        server.verify(1, putRequestedFor(urlPathEqualTo(RRSET)).withRequestBody(equalToJson(
                "{\"rrset_ttl\": 300, \"rrset_values\": [" + q(OTHER) + "]}")));
        server.verify(0, deleteRequestedFor(urlPathEqualTo(RRSET)));
    }

    @Test
    void cleanupOfTheLastValueDeletesTheSet() {
        server.stubFor(get(urlPathEqualTo(RRSET)).willReturn(okJson(rrset(q(VALUE)))));
        server.stubFor(delete(urlPathEqualTo(RRSET)).willReturn(aResponse().withStatus(204)));

        provider().cleanup(ChallengeRecord.of("example.com", FQDN, VALUE));

        server.verify(1, deleteRequestedFor(urlPathEqualTo(RRSET)).withHeader("Authorization", equalTo("Bearer " + PAT)));
        server.verify(0, putRequestedFor(urlPathEqualTo(RRSET)));
    }

    @Test
    void deprecatedApiKeyIsSentAsApikeyAuthorization() {
        server.stubFor(get(urlPathEqualTo(RRSET)).willReturn(okJson(rrset(q(VALUE)))));
        GandiDnsProvider legacy = GandiDnsProvider.builder().apiKey("gandi-legacy-apikey-6Yq2Wm9Rt5Zx")
                .baseUrl(server.baseUrl()).sleeper(sleeper).build();

        legacy.present(ChallengeRecord.of("example.com", FQDN, VALUE));

        server.verify(getRequestedFor(urlPathEqualTo(RRSET))
                .withHeader("Authorization", equalTo("Apikey gandi-legacy-apikey-6Yq2Wm9Rt5Zx")));
        assertThat(legacy.toString()).doesNotContain("gandi-legacy-apikey-6Yq2Wm9Rt5Zx");
    }

    @Test
    void documentedErrorBecomesARedactedTypedError() {
        server.stubFor(get(urlPathEqualTo(RRSET)).willReturn(aResponse().withStatus(403)
                .withHeader("Content-Type", "application/json").withBody("""
                        {"code": 403, "message": "Access was denied to this resource (token %s).",
                         "object": "HTTPForbidden", "cause": "Forbidden"}
                        """.formatted(PAT))));

        assertThatThrownBy(() -> provider().present(ChallengeRecord.of("example.com", FQDN, VALUE)))
                .isInstanceOfSatisfying(DnsProviderException.class, e -> {
                    assertThat(e.isAuthenticationFailure()).isTrue();
                    assertThat(e.getMessage()).contains("Forbidden: Access was denied").doesNotContain(PAT);
                });
    }

    @Test
    void unknownDomainIsZoneNotFound() {
        server.stubFor(get(urlPathEqualTo("/v5/livedns/domains/example.org")).willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "application/json").withBody("""
                        {"code": 404, "message": "The resource could not be found.", "object": "HTTPNotFound",
                         "cause": "Not Found"}
                        """)));

        assertThatThrownBy(() -> provider().present(ChallengeRecord.of("example.org", "_acme-challenge.example.org",
                VALUE))).isInstanceOfSatisfying(DnsProviderException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.ZONE_NOT_FOUND));
    }

    @Test
    void zoneListerReadsEveryPage() {
        server.stubFor(get(urlPathEqualTo("/v5/livedns/domains")).withQueryParam("page", equalTo("1"))
                .willReturn(okJson("[" + "{\"fqdn\": \"example.com\"}," .repeat(99) + "{\"fqdn\": \"example.com\"}]")
                        .withHeader("total-count", "101")));
        server.stubFor(get(urlPathEqualTo("/v5/livedns/domains")).withQueryParam("page", equalTo("2"))
                .willReturn(okJson("[{\"fqdn\": \"example.org\"}]").withHeader("total-count", "101")));

        assertThat(provider().zones()).hasSize(101).contains("example.com", "example.org");
        server.verify(getRequestedFor(urlPathEqualTo("/v5/livedns/domains")).withQueryParam("per_page", equalTo("100")));
    }
}
