package dev.certpilot.dns.digitalocean;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
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
 * The exact requests {@link DigitalOceanDnsProvider} sends, against stubs copied from DigitalOcean's API reference
 * (https://docs.digitalocean.com/reference/api/digitalocean/, OpenAPI source https://github.com/digitalocean/openapi):
 * <ul>
 *   <li>Retrieve an Existing Domain: {@code GET /v2/domains/{domain_name}}</li>
 *   <li>List All Domain Records: {@code GET /v2/domains/{domain_name}/records?type=&name=} ("name must be a fully
 *       qualified record name"), paged with {@code links.pages.next}</li>
 *   <li>Create a New Domain Record: {@code POST /v2/domains/{domain_name}/records} → 201 {@code domain_record}</li>
 *   <li>Delete a Domain Record: {@code DELETE /v2/domains/{domain_name}/records/{domain_record_id}} → 204</li>
 *   <li>Errors: {@code {"id": "unauthorized", "message": "Unable to authenticate you"}}</li>
 * </ul>
 */
class DigitalOceanRequestsTest {

    private static final String TOKEN = "dop_v1_b7e2a1c9d8f34e5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0";
    private static final String FQDN = "_acme-challenge.www.example.com";
    private static final String VALUE = "ADw2sEd82DUgXcQ9hNBZThJs7zVJkR5v9JeSbAb9mZY";
    private static final String RECORDS = "/v2/domains/example.com/records";

    private final WireMockServer server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    private final RecordingSleeper sleeper = new RecordingSleeper();

    @BeforeEach
    void start() {
        server.start();
        server.stubFor(get(urlPathEqualTo("/v2/domains/example.com")).willReturn(okJson("""
                {"domain": {"name": "example.com", "ttl": 1800,
                  "zone_file": "$ORIGIN example.com.\\n$TTL 1800\\nexample.com. IN SOA ns1.digitalocean.com. hostmaster.example.com. 1415982609 10800 3600 604800 1800\\n"}}
                """)));
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    private DigitalOceanDnsProvider provider() {
        return DigitalOceanDnsProvider.builder().authToken(TOKEN).baseUrl(server.baseUrl()).sleeper(sleeper).build();
    }

    private static String records(String items, String next) {
        return """
                {"domain_records": [%s], "links": %s, "meta": {"total": 3}}
                """.formatted(items, next == null ? "{}" : "{\"pages\": {\"next\": \"" + next + "\"}}");
    }

    private static String txt(int id, String data) {
        return """
                {"id": %d, "type": "TXT", "name": "_acme-challenge.www", "data": "%s", "priority": null, "port": null,
                 "ttl": 30, "weight": null, "flags": null, "tag": null}
                """.formatted(id, data);
    }

    @Test
    void presentFindsTheDomainListsTheNameAndCreatesOneRecordWithARelativeName() {
        server.stubFor(get(urlPathEqualTo(RECORDS)).willReturn(okJson(records("", null))));
        server.stubFor(post(urlPathEqualTo(RECORDS)).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody("""
                        {"domain_record": %s}
                        """.formatted(txt(28448433, VALUE)))));

        provider().present(ChallengeRecord.of("example.com", FQDN, VALUE));

        server.verify(getRequestedFor(urlPathEqualTo("/v2/domains/example.com"))
                .withHeader("Authorization", equalTo("Bearer " + TOKEN)));
        server.verify(getRequestedFor(urlPathEqualTo(RECORDS)).withQueryParam("type", equalTo("TXT"))
                .withQueryParam("name", equalTo(FQDN)).withQueryParam("page", equalTo("1"))
                .withQueryParam("per_page", equalTo("200")).withHeader("Authorization", equalTo("Bearer " + TOKEN)));
        server.verify(1, postRequestedFor(urlPathEqualTo(RECORDS))
                .withHeader("Authorization", equalTo("Bearer " + TOKEN))
                .withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(equalToJson("""
                        {"type": "TXT", "name": "_acme-challenge.www", "data": "%s", "ttl": 60}
                        """.formatted(VALUE))));
    }

    @Test
    void presentOfAValueAlreadyThereCreatesNothing() {
        server.stubFor(get(urlPathEqualTo(RECORDS)).willReturn(okJson(records(txt(1, VALUE), null))));

        provider().present(ChallengeRecord.of("example.com", FQDN, VALUE));

        server.verify(0, postRequestedFor(urlPathEqualTo(RECORDS)));
    }

    @Test
    void cleanupFollowsNextPageLinksOnItsOwnBaseUrlAndDeletesOnlyItsValue() {
        String other = "9XK0hxW5o3Xr8bL6GgI5g6GSbhzSi6H0G1eb0nUShcA";
        server.stubFor(get(urlPathEqualTo(RECORDS)).withQueryParam("page", equalTo("1")).willReturn(okJson(records(
                txt(11, other), "https://api.digitalocean.com/v2/domains/example.com/records?page=2&per_page=200"))));
        server.stubFor(get(urlPathEqualTo(RECORDS)).withQueryParam("page", equalTo("2"))
                .willReturn(okJson(records(txt(22, VALUE), null))));
        server.stubFor(delete(urlPathEqualTo(RECORDS + "/22")).willReturn(aResponse().withStatus(204)));

        provider().cleanup(ChallengeRecord.of("example.com", FQDN, VALUE));

        server.verify(getRequestedFor(urlPathEqualTo(RECORDS)).withQueryParam("page", equalTo("2"))
                .withQueryParam("per_page", equalTo("200")));
        server.verify(1, deleteRequestedFor(urlPathEqualTo(RECORDS + "/22"))
                .withHeader("Authorization", equalTo("Bearer " + TOKEN)));
        server.verify(0, deleteRequestedFor(urlPathEqualTo(RECORDS + "/11")));
    }

    @Test
    void recordAtTheApexIsNamedAt() {
        server.stubFor(get(urlPathEqualTo(RECORDS)).willReturn(okJson(records("", null))));
        server.stubFor(post(urlPathEqualTo(RECORDS)).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody("{\"domain_record\": " + txt(5, VALUE) + "}")));

        provider().present(new ChallengeRecord("example.com", "example.com", VALUE, 3600));

        server.verify(postRequestedFor(urlPathEqualTo(RECORDS)).withRequestBody(equalToJson("""
                {"type": "TXT", "name": "@", "data": "%s", "ttl": 3600}
                """.formatted(VALUE))));
    }

    @Test
    void deletingARecordAlreadyGoneIsSuccess() {
        server.stubFor(get(urlPathEqualTo(RECORDS)).willReturn(okJson(records(txt(7, VALUE), null))));
        server.stubFor(delete(urlPathEqualTo(RECORDS + "/7")).willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"id\": \"not_found\", \"message\": \"The resource you requested could not be found.\"}")));

        provider().cleanup(ChallengeRecord.of("example.com", FQDN, VALUE));

        server.verify(1, deleteRequestedFor(urlPathEqualTo(RECORDS + "/7")));
    }

    @Test
    void documentedErrorBodyBecomesARedactedTypedError() {
        server.stubFor(get(urlPathEqualTo(RECORDS)).willReturn(aResponse().withStatus(401)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"id\": \"unauthorized\", \"message\": \"Unable to authenticate you (" + TOKEN + ")\"}")));

        assertThatThrownBy(() -> provider().present(ChallengeRecord.of("example.com", FQDN, VALUE)))
                .isInstanceOfSatisfying(DnsProviderException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.DNS_PROVIDER_ERROR);
                    assertThat(e.httpStatus()).hasValue(401);
                    assertThat(e.isAuthenticationFailure()).isTrue();
                    assertThat(e.getMessage()).contains("unauthorized: Unable to authenticate you")
                            .doesNotContain(TOKEN);
                });
        assertThat(sleeper.sleeps()).as("a 401 is not retried").isEmpty();
    }

    @Test
    void unknownDomainIsZoneNotFound() {
        server.stubFor(get(urlPathEqualTo("/v2/domains/example.org")).willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"id\": \"not_found\", \"message\": \"The resource you requested could not be found.\"}")));

        assertThatThrownBy(() -> provider().present(ChallengeRecord.of("example.org", "_acme-challenge.example.org",
                VALUE))).isInstanceOfSatisfying(DnsProviderException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.ZONE_NOT_FOUND));
    }

    @Test
    void zoneListerReadsEveryPageOfDomains() {
        server.stubFor(get(urlPathEqualTo("/v2/domains")).withQueryParam("page", equalTo("1")).willReturn(okJson("""
                {"domains": [{"name": "example.com", "ttl": 1800, "zone_file": ""}],
                 "links": {"pages": {"last": "https://api.digitalocean.com/v2/domains?page=2&per_page=200",
                                     "next": "https://api.digitalocean.com/v2/domains?page=2&per_page=200"}},
                 "meta": {"total": 2}}
                """)));
        server.stubFor(get(urlPathEqualTo("/v2/domains")).withQueryParam("page", equalTo("2")).willReturn(okJson("""
                {"domains": [{"name": "Example.ORG", "ttl": 1800, "zone_file": ""}],
                 "links": {"pages": {"first": "https://api.digitalocean.com/v2/domains?page=1&per_page=200",
                                     "prev": "https://api.digitalocean.com/v2/domains?page=1&per_page=200"}},
                 "meta": {"total": 2}}
                """)));

        assertThat(provider().zones()).containsExactly("example.com", "example.org");
    }
}
