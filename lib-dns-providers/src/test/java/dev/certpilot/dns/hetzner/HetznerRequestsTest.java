package dev.certpilot.dns.hetzner;

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
 * The exact requests {@link HetznerDnsProvider} sends, against stubs copied from the Hetzner DNS API documentation
 * (https://dns.hetzner.com/api-docs): "Get All Zones" ({@code GET /api/v1/zones?name=}), "Get All Records"
 * ({@code GET /api/v1/records?zone_id=}), "Create Record" ({@code POST /api/v1/records}), "Delete Record"
 * ({@code DELETE /api/v1/records/{RecordID}}), all with the {@code Auth-API-Token} header.
 */
class HetznerRequestsTest {

    private static final String TOKEN = "LlGoDUQ39S6akqoav5meAsv5OIpeywhj";
    private static final String ZONE_ID = "HBdQFJnR5pcs3K3KkA2rXh";
    private static final String FQDN = "_acme-challenge.www.example.com";
    private static final String VALUE = "ADw2sEd82DUgXcQ9hNBZThJs7zVJkR5v9JeSbAb9mZY";

    private final WireMockServer server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    private final RecordingSleeper sleeper = new RecordingSleeper();

    @BeforeEach
    void start() {
        server.start();
        server.stubFor(get(urlPathEqualTo("/api/v1/zones")).withQueryParam("name", equalTo("example.com"))
                .willReturn(okJson("""
                        {"zones": [{"id": "%s", "created": "2020-05-08 10:49:18.123 +0000 UTC",
                          "modified": "2020-05-08 10:49:18.123 +0000 UTC", "legacy_dns_host": "", "legacy_ns": [],
                          "name": "example.com", "ns": ["hydrogen.ns.hetzner.com"], "owner": "", "paused": false,
                          "permission": "", "project": "", "registrar": "", "status": "verified", "ttl": 86400,
                          "verified": "", "records_count": 2, "is_secondary_dns": false,
                          "txt_verification": {"name": "", "token": ""}}],
                         "meta": {"pagination": {"page": 1, "per_page": 100, "previous_page": 1, "next_page": 1,
                          "last_page": 1, "total_entries": 1}}}
                        """.formatted(ZONE_ID))));
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    private HetznerDnsProvider provider() {
        return HetznerDnsProvider.builder().apiKey(TOKEN).baseUrl(server.baseUrl()).sleeper(sleeper).build();
    }

    private static String records(int page, int lastPage, String... items) {
        return """
                {"records": [%s], "meta": {"pagination": {"page": %d, "per_page": 100, "last_page": %d,
                 "total_entries": 3}}}
                """.formatted(String.join(",", items), page, lastPage);
    }

    private static String record(String id, String type, String name, String value) {
        return """
                {"type": "%s", "id": "%s", "created": "2020-05-08 10:49:18.123 +0000 UTC",
                 "modified": "2020-05-08 10:49:18.123 +0000 UTC", "zone_id": "%s", "name": "%s", "value": "%s",
                 "ttl": 60}
                """.formatted(type, id, ZONE_ID, name, value);
    }

    @Test
    void presentFindsTheZoneReadsItsRecordsAndCreatesOneRecord() {
        server.stubFor(get(urlPathEqualTo("/api/v1/records")).willReturn(okJson(records(1, 1,
                record("a1", "A", "www", "192.0.2.1"), record("t1", "TXT", "_acme-challenge", VALUE)))));
        server.stubFor(post(urlPathEqualTo("/api/v1/records")).willReturn(okJson(
                "{\"record\": " + record("t2", "TXT", "_acme-challenge.www", VALUE) + "}")));

        provider().present(ChallengeRecord.of("example.com", FQDN, VALUE));

        server.verify(getRequestedFor(urlPathEqualTo("/api/v1/zones")).withQueryParam("name", equalTo("example.com"))
                .withHeader("Auth-API-Token", equalTo(TOKEN)));
        server.verify(getRequestedFor(urlPathEqualTo("/api/v1/records")).withQueryParam("zone_id", equalTo(ZONE_ID))
                .withQueryParam("page", equalTo("1")).withQueryParam("per_page", equalTo("100"))
                .withHeader("Auth-API-Token", equalTo(TOKEN)));
        server.verify(1, postRequestedFor(urlPathEqualTo("/api/v1/records"))
                .withHeader("Auth-API-Token", equalTo(TOKEN))
                .withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(equalToJson("""
                        {"value": "%s", "ttl": 60, "type": "TXT", "name": "_acme-challenge.www", "zone_id": "%s"}
                        """.formatted(VALUE, ZONE_ID))));
    }

    @Test
    void presentOfAValueAlreadyThereCreatesNothing() {
        server.stubFor(get(urlPathEqualTo("/api/v1/records")).willReturn(okJson(records(1, 1,
                record("t1", "TXT", "_acme-challenge.www", VALUE)))));

        provider().present(ChallengeRecord.of("example.com", FQDN, VALUE));

        server.verify(0, postRequestedFor(urlPathEqualTo("/api/v1/records")));
    }

    @Test
    void cleanupReadsEveryPageAndDeletesOnlyItsValueAtItsName() {
        String other = "9XK0hxW5o3Xr8bL6GgI5g6GSbhzSi6H0G1eb0nUShcA";
        server.stubFor(get(urlPathEqualTo("/api/v1/records")).withQueryParam("page", equalTo("1"))
                .willReturn(okJson(records(1, 2, record("t1", "TXT", "_acme-challenge.www", other),
                        record("t9", "TXT", "_acme-challenge", VALUE)))));
        server.stubFor(get(urlPathEqualTo("/api/v1/records")).withQueryParam("page", equalTo("2"))
                .willReturn(okJson(records(2, 2, record("t2", "TXT", "_acme-challenge.www", VALUE)))));
        server.stubFor(delete(urlPathEqualTo("/api/v1/records/t2")).willReturn(okJson("{}")));

        provider().cleanup(ChallengeRecord.of("example.com", FQDN, VALUE));

        server.verify(1, deleteRequestedFor(urlPathEqualTo("/api/v1/records/t2"))
                .withHeader("Auth-API-Token", equalTo(TOKEN)));
        server.verify(0, deleteRequestedFor(urlPathEqualTo("/api/v1/records/t1")));
        server.verify(0, deleteRequestedFor(urlPathEqualTo("/api/v1/records/t9")));
    }

    @Test
    void documentedErrorBecomesARedactedTypedError() {
        server.stubFor(post(urlPathEqualTo("/api/v1/records")).willReturn(aResponse().withStatus(422)
                .withHeader("Content-Type", "application/json").withBody("""
                        {"record": {}, "error": {"message": "422 Unprocessable Entity: invalid value %s", "code": 422}}
                        """.formatted(TOKEN))));
        server.stubFor(get(urlPathEqualTo("/api/v1/records")).willReturn(okJson(records(1, 1))));

        assertThatThrownBy(() -> provider().present(ChallengeRecord.of("example.com", FQDN, VALUE)))
                .isInstanceOfSatisfying(DnsProviderException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.DNS_PROVIDER_ERROR);
                    assertThat(e.httpStatus()).hasValue(422);
                    assertThat(e.getMessage()).contains("422 Unprocessable Entity").doesNotContain(TOKEN);
                });
        assertThat(sleeper.sleeps()).as("a 422 is not retried").isEmpty();
    }

    @Test
    void unknownZoneIsZoneNotFound() {
        server.stubFor(get(urlPathEqualTo("/api/v1/zones")).withQueryParam("name", equalTo("example.org"))
                .willReturn(aResponse().withStatus(404).withHeader("Content-Type", "application/json")
                        .withBody("{\"zones\": [], \"error\": {\"message\": \"zone not found\", \"code\": 404}}")));

        assertThatThrownBy(() -> provider().present(ChallengeRecord.of("example.org", "_acme-challenge.example.org",
                VALUE))).isInstanceOfSatisfying(DnsProviderException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.ZONE_NOT_FOUND));
    }

    @Test
    void zoneListerReadsEveryPage() {
        server.stubFor(get(urlPathEqualTo("/api/v1/zones")).withQueryParam("page", equalTo("1")).willReturn(okJson("""
                {"zones": [{"id": "a", "name": "example.com"}],
                 "meta": {"pagination": {"page": 1, "per_page": 100, "last_page": 2, "total_entries": 2}}}
                """)));
        server.stubFor(get(urlPathEqualTo("/api/v1/zones")).withQueryParam("page", equalTo("2")).willReturn(okJson("""
                {"zones": [{"id": "b", "name": "example.org"}],
                 "meta": {"pagination": {"page": 2, "per_page": 100, "last_page": 2, "total_entries": 2}}}
                """)));

        assertThat(provider().zones()).containsExactly("example.com", "example.org");
    }
}
