package dev.certpilot.dns.cloudflare;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
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
 * The exact requests {@link CloudflareDnsProvider} sends, against stubs copied from Cloudflare's API v4 reference:
 * <ul>
 *   <li>List Zones: https://developers.cloudflare.com/api/resources/zones/methods/list/</li>
 *   <li>List DNS Records: https://developers.cloudflare.com/api/resources/dns/subresources/records/methods/list/</li>
 *   <li>Create DNS Record: https://developers.cloudflare.com/api/resources/dns/subresources/records/methods/create/</li>
 *   <li>Delete DNS Record: https://developers.cloudflare.com/api/resources/dns/subresources/records/methods/delete/</li>
 *   <li>Authentication (API token as {@code Authorization: Bearer}, legacy {@code X-Auth-Email} + {@code X-Auth-Key}):
 *       https://developers.cloudflare.com/fundamentals/api/get-started/create-token/ and
 *       https://developers.cloudflare.com/fundamentals/api/get-started/keys/</li>
 * </ul>
 */
class CloudflareRequestsTest {

    private static final String ZONE_ID = "023e105f4ecef8ad9ca31a8372d0c353";
    private static final String TOKEN = "YQSn-xWAQiiEh9qM58wZNnyQS7FUdoqGIUAbrh7T";
    private static final String FQDN = "_acme-challenge.www.example.com";
    private static final String VALUE = "ADw2sEd82DUgXcQ9hNBZThJs7zVJkR5v9JeSbAb9mZY";
    private static final String RECORDS = "/zones/" + ZONE_ID + "/dns_records";

    private final WireMockServer server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    private final RecordingSleeper sleeper = new RecordingSleeper();

    @BeforeEach
    void start() {
        server.start();
        server.stubFor(get(urlPathEqualTo("/zones")).withQueryParam("name", equalTo("example.com"))
                .willReturn(okJson("""
                        {"success": true, "errors": [], "messages": [],
                         "result": [{"id": "%s", "name": "example.com", "status": "active", "paused": false,
                                     "type": "full", "name_servers": ["bob.ns.cloudflare.com", "lola.ns.cloudflare.com"]}],
                         "result_info": {"page": 1, "per_page": 20, "count": 1, "total_count": 1, "total_pages": 1}}
                        """.formatted(ZONE_ID))));
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    private CloudflareDnsProvider provider() {
        return CloudflareDnsProvider.builder().apiToken(TOKEN).baseUrl(server.baseUrl()).sleeper(sleeper).build();
    }

    private static String records(String resultJson, int page, int totalPages) {
        return """
                {"success": true, "errors": [], "messages": [], "result": %s,
                 "result_info": {"page": %d, "per_page": 100, "count": 1, "total_count": %d, "total_pages": %d}}
                """.formatted(resultJson, page, totalPages, totalPages);
    }

    private static String txt(String id, String content) {
        return """
                {"id": "%s", "zone_id": "%s", "zone_name": "example.com", "name": "%s", "type": "TXT",
                 "content": "%s", "proxiable": false, "proxied": false, "ttl": 120, "locked": false,
                 "created_on": "2014-01-01T05:20:00.12345Z", "modified_on": "2014-01-01T05:20:00.12345Z"}
                """.formatted(id, ZONE_ID, FQDN, content.replace("\"", "\\\""));
    }

    @Test
    void presentLooksUpTheZoneListsTheNameAndCreatesOneQuotedTxtRecord() {
        server.stubFor(get(urlPathEqualTo(RECORDS)).willReturn(okJson(records("[]", 1, 1))));
        server.stubFor(post(urlPathEqualTo(RECORDS)).willReturn(okJson("""
                {"success": true, "errors": [], "messages": [], "result": %s}
                """.formatted(txt("372e67954025e0ba6aaa6d586b9e0b59", "\"" + VALUE + "\"")))));

        provider().present(ChallengeRecord.of("example.com", FQDN, VALUE));

        server.verify(getRequestedFor(urlPathEqualTo("/zones")).withQueryParam("name", equalTo("example.com"))
                .withHeader("Authorization", equalTo("Bearer " + TOKEN)));
        server.verify(getRequestedFor(urlPathEqualTo(RECORDS)).withQueryParam("type", equalTo("TXT"))
                .withQueryParam("name", equalTo(FQDN)).withQueryParam("page", equalTo("1"))
                .withQueryParam("per_page", equalTo("100")).withHeader("Authorization", equalTo("Bearer " + TOKEN)));
        server.verify(1, postRequestedFor(urlPathEqualTo(RECORDS))
                .withHeader("Authorization", equalTo("Bearer " + TOKEN))
                .withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(equalToJson("""
                        {"type": "TXT", "name": "%s", "content": "\\"%s\\"", "ttl": 60}
                        """.formatted(FQDN, VALUE))));
    }

    @Test
    void presentOfAValueAlreadyThereCreatesNothing() {
        server.stubFor(get(urlPathEqualTo(RECORDS)).willReturn(okJson(records(
                "[" + txt("372e67954025e0ba6aaa6d586b9e0b59", "\"" + VALUE + "\"") + "]", 1, 1))));

        provider().present(ChallengeRecord.of("example.com", FQDN, VALUE));

        server.verify(0, postRequestedFor(urlPathEqualTo(RECORDS)));
    }

    @Test
    void cleanupReadsEveryPageAndDeletesOnlyTheRecordWithItsValue() {
        String other = "9XK0hxW5o3Xr8bL6GgI5g6GSbhzSi6H0G1eb0nUShcA";
        server.stubFor(get(urlPathEqualTo(RECORDS)).withQueryParam("page", equalTo("1"))
                .willReturn(okJson(records("[" + txt("aaa1", "\"" + other + "\"") + "]", 1, 2))));
        server.stubFor(get(urlPathEqualTo(RECORDS)).withQueryParam("page", equalTo("2"))
                .willReturn(okJson(records("[" + txt("bbb2", VALUE) + "]", 2, 2))));
        server.stubFor(delete(urlPathEqualTo(RECORDS + "/bbb2")).willReturn(okJson("""
                {"result": {"id": "bbb2"}}
                """)));

        provider().cleanup(ChallengeRecord.of("example.com", FQDN, VALUE));

        server.verify(getRequestedFor(urlPathEqualTo(RECORDS)).withQueryParam("page", equalTo("2")));
        server.verify(1, deleteRequestedFor(urlPathEqualTo(RECORDS + "/bbb2"))
                .withHeader("Authorization", equalTo("Bearer " + TOKEN)));
        server.verify(0, deleteRequestedFor(urlPathEqualTo(RECORDS + "/aaa1")));
    }

    @Test
    void legacyCredentialsAreSentAsAuthEmailAndAuthKeyHeaders() {
        server.stubFor(get(urlPathEqualTo(RECORDS)).willReturn(okJson(records("[]", 1, 1))));
        CloudflareDnsProvider legacy = CloudflareDnsProvider.builder()
                .apiKey("user@example.com", "c2547eb745079dac9320b638f5e225cf483cc5cfdda41").baseUrl(server.baseUrl())
                .sleeper(sleeper).build();

        legacy.cleanup(ChallengeRecord.of("example.com", FQDN, VALUE));

        server.verify(getRequestedFor(urlPathEqualTo("/zones"))
                .withHeader("X-Auth-Email", equalTo("user@example.com"))
                .withHeader("X-Auth-Key", equalTo("c2547eb745079dac9320b638f5e225cf483cc5cfdda41"))
                .withHeader("Authorization", absent()));
        assertThat(legacy.toString()).doesNotContain("c2547eb745079dac9320b638f5e225cf483cc5cfdda41");
    }

    @Test
    void zoneTokenIsUsedOnlyForZoneLookups() {
        server.stubFor(get(urlPathEqualTo(RECORDS)).willReturn(okJson(records("[]", 1, 1))));
        CloudflareDnsProvider split = CloudflareDnsProvider.builder().apiToken(TOKEN).zoneApiToken("zone-read-token")
                .baseUrl(server.baseUrl()).sleeper(sleeper).build();

        split.cleanup(ChallengeRecord.of("example.com", FQDN, VALUE));

        server.verify(getRequestedFor(urlPathEqualTo("/zones"))
                .withHeader("Authorization", equalTo("Bearer zone-read-token")));
        server.verify(getRequestedFor(urlPathEqualTo(RECORDS)).withHeader("Authorization", equalTo("Bearer " + TOKEN)));
    }

    @Test
    void documentedErrorEnvelopeBecomesARedactedTypedError() {
        server.stubFor(get(urlPathEqualTo(RECORDS)).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json").withBody("""
                        {"success": false, "errors": [{"code": 6003, "message": "Invalid request headers",
                          "error_chain": [{"code": 6111, "message": "Invalid format for Authorization header %s"}]}],
                         "messages": [], "result": null}
                        """.formatted(TOKEN))));

        assertThatThrownBy(() -> provider().present(ChallengeRecord.of("example.com", FQDN, VALUE)))
                .isInstanceOfSatisfying(DnsProviderException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.DNS_PROVIDER_ERROR);
                    assertThat(e.httpStatus()).hasValue(400);
                    assertThat(e.isAuthenticationFailure()).isFalse();
                    assertThat(e.getMessage()).contains("6003: Invalid request headers", "6111")
                            .doesNotContain(TOKEN);
                });
        assertThat(sleeper.sleeps()).as("a 400 is not retried").isEmpty();
    }

    @Test
    void unknownZoneIsZoneNotFound() {
        server.stubFor(get(urlPathEqualTo("/zones")).willReturn(okJson("""
                {"success": true, "errors": [], "messages": [], "result": [],
                 "result_info": {"page": 1, "per_page": 20, "count": 0, "total_count": 0, "total_pages": 0}}
                """)));

        assertThatThrownBy(() -> provider().present(ChallengeRecord.of("example.org", "_acme-challenge.example.org",
                VALUE))).isInstanceOfSatisfying(DnsProviderException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.ZONE_NOT_FOUND));
    }

    @Test
    void zoneListerReadsEveryPageOfZones() {
        server.stubFor(get(urlPathEqualTo("/zones")).withQueryParam("page", equalTo("1")).willReturn(okJson("""
                {"success": true, "errors": [], "messages": [], "result": [{"id": "a", "name": "example.com"}],
                 "result_info": {"page": 1, "per_page": 50, "count": 1, "total_count": 2, "total_pages": 2}}
                """)));
        server.stubFor(get(urlPathEqualTo("/zones")).withQueryParam("page", equalTo("2")).willReturn(okJson("""
                {"success": true, "errors": [], "messages": [], "result": [{"id": "b", "name": "Example.ORG"}],
                 "result_info": {"page": 2, "per_page": 50, "count": 1, "total_count": 2, "total_pages": 2}}
                """)));

        assertThat(provider().zones()).containsExactly("example.com", "example.org");
    }
}
