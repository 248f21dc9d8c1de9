package dev.certpilot.dns.vultr;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
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
 * The exact requests {@link VultrDnsProvider} sends, against stubs copied from Vultr's API v2 reference
 * (https://www.vultr.com/api/#tag/dns): "Get DNS Domain", "List DNS Domains", "List Records", "Create Record" and
 * "Delete Record", with bearer authentication and cursor paging ({@code meta.links.next}).
 */
class VultrRequestsTest {

    private static final String KEY = "EXAMPLEKEY7QZ2W4M6N8P0R2T4V6X8Z0B2D4F";
    private static final String FQDN = "_acme-challenge.www.example.com";
    private static final String VALUE = "ADw2sEd82DUgXcQ9hNBZThJs7zVJkR5v9JeSbAb9mZY";
    private static final String RECORDS = "/v2/domains/example.com/records";

    private final WireMockServer server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    private final RecordingSleeper sleeper = new RecordingSleeper();

    @BeforeEach
    void start() {
        server.start();
        server.stubFor(get(urlPathEqualTo("/v2/domains/example.com")).willReturn(okJson("""
                {"domain": {"domain": "example.com", "date_created": "2020-10-10T01:56:20+00:00",
                 "dns_sec": "disabled"}}
                """)));
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    private VultrDnsProvider provider() {
        return VultrDnsProvider.builder().apiKey(KEY).baseUrl(server.baseUrl()).sleeper(sleeper).build();
    }

    private static String records(String next, String... items) {
        return "{\"records\": [" + String.join(",", items) + "], \"meta\": {\"total\": 3, \"links\": {\"next\": \""
                + next + "\", \"prev\": \"\"}}}";
    }

    private static String txt(String id, String name, String value) {
        return """
                {"id": "%s", "type": "TXT", "name": "%s", "data": "\\"%s\\"", "priority": -1, "ttl": 300}
                """.formatted(id, name, value);
    }

    @Test
    void presentFindsTheDomainAndCreatesOneQuotedRecord() {
        server.stubFor(get(urlPathEqualTo(RECORDS)).willReturn(okJson(records(""))));
        server.stubFor(post(urlPathEqualTo(RECORDS)).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"record\": " + txt("cb676a46-66fd-4dfb-b839-443f2e6c0b60", "_acme-challenge.www", VALUE)
                        + "}")));

        provider().present(ChallengeRecord.of("example.com", FQDN, VALUE));

        server.verify(getRequestedFor(urlPathEqualTo("/v2/domains/example.com"))
                .withHeader("Authorization", equalTo("Bearer " + KEY)));
        server.verify(getRequestedFor(urlPathEqualTo(RECORDS)).withQueryParam("per_page", equalTo("500"))
                .withQueryParam("cursor", absent()));
        server.verify(1, postRequestedFor(urlPathEqualTo(RECORDS))
                .withHeader("Authorization", equalTo("Bearer " + KEY))
                .withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(equalToJson("""
                        {"name": "_acme-challenge.www", "type": "TXT", "data": "\\"%s\\"", "ttl": 60}
                        """.formatted(VALUE))));
    }

    @Test
    void presentOfAValueAlreadyThereCreatesNothing() {
        server.stubFor(get(urlPathEqualTo(RECORDS)).willReturn(okJson(records("", txt("a", "_acme-challenge.www",
                VALUE)))));

        provider().present(ChallengeRecord.of("example.com", FQDN, VALUE));

        server.verify(0, postRequestedFor(urlPathEqualTo(RECORDS)));
    }

    @Test
    void cleanupFollowsTheCursorAndDeletesOnlyItsValueAtItsName() {
        server.stubFor(get(urlPathEqualTo(RECORDS)).withQueryParam("cursor", absent()).willReturn(okJson(records(
                "bmV4dF9fMg==", txt("a", "_acme-challenge.www", "9XK0hxW5o3Xr8bL6GgI5g6GSbhzSi6H0G1eb0nUShcA"),
                txt("b", "_acme-challenge", VALUE)))));
        server.stubFor(get(urlPathEqualTo(RECORDS)).withQueryParam("cursor", equalTo("bmV4dF9fMg=="))
                .willReturn(okJson(records("", txt("c", "_acme-challenge.www", VALUE)))));
        server.stubFor(delete(urlPathEqualTo(RECORDS + "/c")).willReturn(aResponse().withStatus(204)));

        provider().cleanup(ChallengeRecord.of("example.com", FQDN, VALUE));

        server.verify(1, deleteRequestedFor(urlPathEqualTo(RECORDS + "/c"))
                .withHeader("Authorization", equalTo("Bearer " + KEY)));
        server.verify(0, deleteRequestedFor(urlPathEqualTo(RECORDS + "/a")));
        server.verify(0, deleteRequestedFor(urlPathEqualTo(RECORDS + "/b")));
    }

    @Test
    void apexRecordHasAnEmptyName() {
        server.stubFor(get(urlPathEqualTo(RECORDS)).willReturn(okJson(records(""))));
        server.stubFor(post(urlPathEqualTo(RECORDS)).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody("{\"record\": " + txt("z", "", VALUE) + "}")));

        provider().present(ChallengeRecord.of("example.com", "example.com", VALUE));

        server.verify(postRequestedFor(urlPathEqualTo(RECORDS)).withRequestBody(equalToJson(
                "{\"name\": \"\", \"type\": \"TXT\", \"data\": \"\\\"" + VALUE + "\\\"\", \"ttl\": 60}")));
    }

    @Test
    void documentedErrorBecomesARedactedTypedError() {
        server.stubFor(get(urlPathEqualTo(RECORDS)).willReturn(aResponse().withStatus(401)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\": \"Invalid API token " + KEY + ".\", \"status\": 401}")));

        assertThatThrownBy(() -> provider().present(ChallengeRecord.of("example.com", FQDN, VALUE)))
                .isInstanceOfSatisfying(DnsProviderException.class, e -> {
                    assertThat(e.isAuthenticationFailure()).isTrue();
                    assertThat(e.getMessage()).contains("Invalid API token").doesNotContain(KEY);
                });
    }

    @Test
    void unknownDomainIsZoneNotFound() {
        server.stubFor(get(urlPathEqualTo("/v2/domains/example.org")).willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\": \"Domain not found.\", \"status\": 404}")));

        assertThatThrownBy(() -> provider().present(ChallengeRecord.of("example.org", "_acme-challenge.example.org",
                VALUE))).isInstanceOfSatisfying(DnsProviderException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.ZONE_NOT_FOUND));
    }

    @Test
    void zoneListerFollowsTheCursor() {
        server.stubFor(get(urlPathEqualTo("/v2/domains")).withQueryParam("cursor", absent()).willReturn(okJson(
                "{\"domains\": [{\"domain\": \"example.com\"}], \"meta\": {\"total\": 2, \"links\": "
                        + "{\"next\": \"Y3Vyc29y\", \"prev\": \"\"}}}")));
        server.stubFor(get(urlPathEqualTo("/v2/domains")).withQueryParam("cursor", equalTo("Y3Vyc29y")).willReturn(
                okJson("{\"domains\": [{\"domain\": \"example.org\"}], \"meta\": {\"total\": 2, \"links\": "
                        + "{\"next\": \"\", \"prev\": \"\"}}}")));

        assertThat(provider().zones()).containsExactly("example.com", "example.org");
    }
}
