package dev.certpilot.dns.linode;

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
 * The exact requests {@link LinodeDnsProvider} sends, against stubs copied from the Linode API v4 reference:
 * "List domains" (https://techdocs.akamai.com/linode-api/reference/get-domains, with {@code X-Filter} as in
 * https://techdocs.akamai.com/linode-api/reference/filtering-and-sorting), "List domain records"
 * (.../get-domain-records), "Create a domain record" (.../post-domain-record), "Delete a domain record"
 * (.../delete-domain-record), errors as in https://techdocs.akamai.com/linode-api/reference/errors.
 */
class LinodeRequestsTest {

    private static final String TOKEN = "f3c8e2a1b4d5c6e7f8a9b0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1";
    private static final String FQDN = "_acme-challenge.www.example.com";
    private static final String VALUE = "ADw2sEd82DUgXcQ9hNBZThJs7zVJkR5v9JeSbAb9mZY";
    private static final String RECORDS = "/v4/domains/1234/records";

    private final WireMockServer server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    private final RecordingSleeper sleeper = new RecordingSleeper();

    @BeforeEach
    void start() {
        server.start();
        server.stubFor(get(urlPathEqualTo("/v4/domains"))
                .withHeader("X-Filter", equalToJson("{\"domain\": \"example.com\"}")).willReturn(okJson("""
                        {"data": [{"axfr_ips": [], "description": null, "domain": "example.com", "expire_sec": 300,
                          "group": null, "id": 1234, "master_ips": [], "refresh_sec": 300, "retry_sec": 300,
                          "soa_email": "admin@example.com", "status": "active", "tags": [], "ttl_sec": 300,
                          "type": "master"}],
                         "page": 1, "pages": 1, "results": 1}
                        """)));
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    private LinodeDnsProvider provider() {
        return LinodeDnsProvider.builder().token(TOKEN).baseUrl(server.baseUrl()).sleeper(sleeper).build();
    }

    private static String page(int page, int pages, String... items) {
        return "{\"data\": [" + String.join(",", items) + "], \"page\": " + page + ", \"pages\": " + pages
                + ", \"results\": 3}";
    }

    private static String txt(int id, String name, String target) {
        return """
                {"created": "2018-01-01T00:01:01", "id": %d, "name": "%s", "port": 0, "priority": 0,
                 "protocol": null, "service": null, "tag": null, "target": "%s", "ttl_sec": 300, "type": "TXT",
                 "updated": "2018-01-01T00:01:01", "weight": 0}
                """.formatted(id, name, target);
    }

    @Test
    void presentFindsTheDomainByFilterAndCreatesOneRecord() {
        server.stubFor(get(urlPathEqualTo(RECORDS)).willReturn(okJson(page(1, 1, txt(1, "www", "v=spf1 -all")))));
        server.stubFor(post(urlPathEqualTo(RECORDS)).willReturn(okJson(txt(123456, "_acme-challenge.www", VALUE))));

        provider().present(ChallengeRecord.of("example.com", FQDN, VALUE));

        server.verify(getRequestedFor(urlPathEqualTo("/v4/domains"))
                .withHeader("X-Filter", equalToJson("{\"domain\": \"example.com\"}"))
                .withHeader("Authorization", equalTo("Bearer " + TOKEN)));
        server.verify(getRequestedFor(urlPathEqualTo(RECORDS)).withQueryParam("page", equalTo("1"))
                .withQueryParam("page_size", equalTo("500")).withHeader("Authorization", equalTo("Bearer " + TOKEN)));
        server.verify(1, postRequestedFor(urlPathEqualTo(RECORDS))
                .withHeader("Authorization", equalTo("Bearer " + TOKEN))
                .withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(equalToJson("""
                        {"type": "TXT", "name": "_acme-challenge.www", "target": "%s", "ttl_sec": 60}
                        """.formatted(VALUE))));
    }

    @Test
    void presentOfAValueAlreadyThereCreatesNothing() {
        server.stubFor(get(urlPathEqualTo(RECORDS))
                .willReturn(okJson(page(1, 1, txt(7, "_acme-challenge.www", VALUE)))));

        provider().present(ChallengeRecord.of("example.com", FQDN, VALUE));

        server.verify(0, postRequestedFor(urlPathEqualTo(RECORDS)));
    }

    @Test
    void cleanupReadsEveryPageAndDeletesOnlyItsValueAtItsName() {
        String other = "9XK0hxW5o3Xr8bL6GgI5g6GSbhzSi6H0G1eb0nUShcA";
        server.stubFor(get(urlPathEqualTo(RECORDS)).withQueryParam("page", equalTo("1")).willReturn(okJson(
                page(1, 2, txt(11, "_acme-challenge.www", other), txt(12, "_acme-challenge", VALUE)))));
        server.stubFor(get(urlPathEqualTo(RECORDS)).withQueryParam("page", equalTo("2")).willReturn(okJson(
                page(2, 2, txt(22, "_acme-challenge.www", VALUE)))));
        server.stubFor(delete(urlPathEqualTo(RECORDS + "/22")).willReturn(okJson("{}")));

        provider().cleanup(ChallengeRecord.of("example.com", FQDN, VALUE));

        server.verify(1, deleteRequestedFor(urlPathEqualTo(RECORDS + "/22"))
                .withHeader("Authorization", equalTo("Bearer " + TOKEN)));
        server.verify(0, deleteRequestedFor(urlPathEqualTo(RECORDS + "/11")));
        server.verify(0, deleteRequestedFor(urlPathEqualTo(RECORDS + "/12")));
    }

    @Test
    void apexRecordHasAnEmptyName() {
        server.stubFor(get(urlPathEqualTo(RECORDS)).willReturn(okJson(page(1, 1))));
        server.stubFor(post(urlPathEqualTo(RECORDS)).willReturn(okJson(txt(5, "", VALUE))));

        provider().present(ChallengeRecord.of("example.com", "example.com", VALUE));

        server.verify(postRequestedFor(urlPathEqualTo(RECORDS)).withRequestBody(equalToJson("""
                {"type": "TXT", "name": "", "target": "%s", "ttl_sec": 60}
                """.formatted(VALUE))));
    }

    @Test
    void documentedErrorBecomesARedactedTypedError() {
        server.stubFor(get(urlPathEqualTo(RECORDS)).willReturn(okJson(page(1, 1))));
        server.stubFor(post(urlPathEqualTo(RECORDS)).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json").withBody("""
                        {"errors": [{"field": "ttl_sec", "reason": "Invalid TTL for %s"}]}
                        """.formatted(TOKEN))));

        assertThatThrownBy(() -> provider().present(ChallengeRecord.of("example.com", FQDN, VALUE)))
                .isInstanceOfSatisfying(DnsProviderException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.DNS_PROVIDER_ERROR);
                    assertThat(e.httpStatus()).hasValue(400);
                    assertThat(e.getMessage()).contains("ttl_sec: Invalid TTL").doesNotContain(TOKEN);
                });
        assertThat(sleeper.sleeps()).isEmpty();
    }

    @Test
    void unknownDomainIsZoneNotFound() {
        server.stubFor(get(urlPathEqualTo("/v4/domains")).willReturn(okJson("""
                {"data": [], "page": 1, "pages": 1, "results": 0}
                """)));

        assertThatThrownBy(() -> provider().present(ChallengeRecord.of("example.org", "_acme-challenge.example.org",
                VALUE))).isInstanceOfSatisfying(DnsProviderException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.ZONE_NOT_FOUND));
    }

    @Test
    void zoneListerReadsEveryPage() {
        server.stubFor(get(urlPathEqualTo("/v4/domains")).withQueryParam("page", equalTo("1")).willReturn(okJson(
                "{\"data\": [{\"id\": 1, \"domain\": \"example.com\"}], \"page\": 1, \"pages\": 2, \"results\": 2}")));
        server.stubFor(get(urlPathEqualTo("/v4/domains")).withQueryParam("page", equalTo("2")).willReturn(okJson(
                "{\"data\": [{\"id\": 2, \"domain\": \"example.org\"}], \"page\": 2, \"pages\": 2, \"results\": 2}")));

        assertThat(provider().zones()).containsExactly("example.com", "example.org");
    }
}
