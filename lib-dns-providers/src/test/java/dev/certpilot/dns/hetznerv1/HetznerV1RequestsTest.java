package dev.certpilot.dns.hetznerv1;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.certpilot.CertpilotException;
import dev.certpilot.DnsProviders;
import dev.certpilot.ErrorCode;
import dev.certpilot.dns.testing.RecordingSleeper;
import dev.certpilot.spi.ChallengeRecord;
import dev.certpilot.spi.DnsChallengeProvider;
import dev.certpilot.spi.DnsProviderException;
import dev.certpilot.spi.ZoneLister;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The exact requests {@link HetznerV1DnsProvider} sends, against stubs copied from the Hetzner Cloud API reference:
 * <ul>
 *   <li>List Zones ({@code GET /zones?name=}, {@code page}/{@code per_page}, {@code meta.pagination.next_page}):
 *       https://docs.hetzner.cloud/reference/cloud#zones-list-zones</li>
 *   <li>Get an RRSet ({@code GET /zones/{id_or_name}/rrsets/{rr_name}/{rr_type}}):
 *       https://docs.hetzner.cloud/reference/cloud#zone-rrsets-get-an-rrset</li>
 *   <li>Add Records to an RRSet, Remove Records from an RRSet
 *       ({@code POST .../actions/add_records}, {@code .../actions/remove_records}):
 *       https://docs.hetzner.cloud/reference/cloud#zone-rrset-actions</li>
 *   <li>Get an Action ({@code GET /actions/{id}}): https://docs.hetzner.cloud/reference/cloud#actions-get-an-action</li>
 *   <li>errors ({@code {"error": {"code", "message", "details"}}}): https://docs.hetzner.cloud/reference/cloud#errors</li>
 * </ul>
 * all with {@code Authorization: Bearer <token>}.
 */
class HetznerV1RequestsTest {

    private static final String TOKEN = "jEheVytlAoFl7F8MqUQ7jAo2hOXASztX7w2YiYdZqXRZvZ9Sy8YMGJKhHz6ELmGn";
    private static final String BEARER = "Bearer " + TOKEN;
    private static final String FQDN = "_acme-challenge.www.example.com";
    private static final String VALUE = "ADw2sEd82DUgXcQ9hNBZThJs7zVJkR5v9JeSbAb9mZY";
    private static final String OTHER = "9XK0hxW5o3Xr8bL6GgI5g6GSbhzSi6H0G1eb0nUShcA";
    private static final String RRSET = "/v1/zones/42/rrsets/_acme-challenge.www/TXT";
    private static final String APEX = "/v1/zones/42/rrsets/@/TXT";

    private final WireMockServer server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    private final RecordingSleeper sleeper = new RecordingSleeper();

    @BeforeEach
    void start() {
        server.start();
        server.stubFor(get(urlPathEqualTo("/v1/zones")).withQueryParam("name", equalTo("example.com"))
                .willReturn(okJson(zones(null, zone(42, "example.com")))));
        server.stubFor(get(urlPathMatching("/v1/zones/42/rrsets/.*")).atPriority(10).willReturn(aResponse()
                .withStatus(404).withHeader("Content-Type", "application/json").withBody("""
                        {"error": {"code": "not_found", "message": "rrset not found", "details": {}}}""")));
        server.stubFor(post(urlPathMatching("/v1/zones/42/rrsets/.*/actions/(add|remove)_records")).atPriority(10)
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBody(action(13, "running"))));
        server.stubFor(get("/v1/actions/13").willReturn(okJson(action(13, "success"))));
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    private HetznerV1DnsProvider provider() {
        return HetznerV1DnsProvider.builder().apiToken(TOKEN).baseUrl(server.baseUrl() + "/v1").sleeper(sleeper)
                .build();
    }

    private static String zone(long id, String name) {
        return """
                {"id": %d, "name": "%s", "created": "2016-01-30T23:55:00+00:00", "mode": "primary",
                 "primary_nameservers": [], "labels": {}, "protection": {"delete": false}, "ttl": 10800,
                 "status": "ok", "record_count": 4, "registrar": "hetzner",
                 "authoritative_nameservers": {"assigned": ["hydrogen.ns.hetzner.com."], "delegated": [],
                  "delegation_last_check": null, "delegation_status": "valid"}}""".formatted(id, name);
    }

    private static String zones(Integer nextPage, String... items) {
        return """
                {"zones": [%s], "meta": {"pagination": {"page": 1, "per_page": 25, "previous_page": null,
                 "next_page": %s, "last_page": 1, "total_entries": %d}}}""".formatted(String.join(",", items),
                nextPage, items.length);
    }

    private static String rrset(String name, Integer ttl, String... values) {
        StringBuilder records = new StringBuilder();
        for (String v : values) {
            records.append(records.length() == 0 ? "" : ",")
                    .append("{\"value\": \"\\\"").append(v).append("\\\"\", \"comment\": \"\"}");
        }
        return """
                {"rrset": {"id": "%s/TXT", "name": "%s", "type": "TXT", "ttl": %s, "labels": {},
                 "protection": {"change": false}, "records": [%s], "zone": 42}}""".formatted(name, name, ttl,
                records);
    }

    private static String action(long id, String status) {
        return """
                {"action": {"id": %d, "command": "add_rrset_records", "status": "%s", "progress": 0,
                 "started": "2016-01-30T23:55:00+00:00", "finished": null,
                 "resources": [{"id": 42, "type": "zone"}], "error": null}}""".formatted(id, status);
    }

    @Test
    void presentFindsTheZoneReadsTheRrsetAddsTheQuotedValueAndFollowsTheAction() {
        provider().present(ChallengeRecord.of("example.com", FQDN, VALUE));

        server.verify(1, getRequestedFor(urlPathEqualTo("/v1/zones")).withQueryParam("name", equalTo("example.com"))
                .withHeader("Authorization", equalTo(BEARER)));
        server.verify(1, getRequestedFor(urlEqualTo(RRSET)).withHeader("Authorization", equalTo(BEARER)));
        server.verify(1, postRequestedFor(urlEqualTo(RRSET + "/actions/add_records"))
                .withHeader("Authorization", equalTo(BEARER))
                .withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(equalToJson("""
                        {"ttl": 60, "records": [{"value": "\\"%s\\""}]}""".formatted(VALUE))));
        server.verify(1, getRequestedFor(urlEqualTo("/v1/actions/13")).withHeader("Authorization", equalTo(BEARER)));
        assertThat(sleeper.sleeps()).as("the first read of the action is not delayed").isEmpty();
    }

    @Test
    void presentAtTheApexUsesAtAndKeepsTheTtlOfTheExistingRrset() {
        server.stubFor(get(urlEqualTo(APEX)).willReturn(okJson(rrset("@", 300, OTHER))));

        provider().present(ChallengeRecord.of("example.com", "example.com", VALUE));

        server.verify(1, postRequestedFor(urlEqualTo(APEX + "/actions/add_records"))
                .withHeader("Authorization", equalTo(BEARER))
                .withRequestBody(equalToJson("""
                        {"ttl": 300, "records": [{"value": "\\"%s\\""}]}""".formatted(VALUE))));
    }

    @Test
    void presentToAnRrsetWithTheZoneDefaultTtlLeavesTtlOut() {
        server.stubFor(get(urlEqualTo(RRSET)).willReturn(okJson(rrset("_acme-challenge.www", null, OTHER))));

        provider().present(ChallengeRecord.of("example.com", FQDN, VALUE));

        server.verify(1, postRequestedFor(urlEqualTo(RRSET + "/actions/add_records")).withRequestBody(equalToJson("""
                {"records": [{"value": "\\"%s\\""}]}""".formatted(VALUE))));
    }

    @Test
    void presentOfAValueAlreadyThereWritesNothing() {
        server.stubFor(get(urlEqualTo(RRSET)).willReturn(okJson(rrset("_acme-challenge.www", 60, OTHER, VALUE))));

        provider().present(ChallengeRecord.of("example.com", FQDN, VALUE));

        server.verify(0, postRequestedFor(urlPathMatching(".*/actions/.*")));
    }

    @Test
    void cleanupRemovesOnlyItsQuotedValue() {
        server.stubFor(get(urlEqualTo(RRSET)).willReturn(okJson(rrset("_acme-challenge.www", 60, OTHER, VALUE))));

        provider().cleanup(ChallengeRecord.of("example.com", FQDN, VALUE));

        server.verify(1, postRequestedFor(urlEqualTo(RRSET + "/actions/remove_records"))
                .withHeader("Authorization", equalTo(BEARER))
                .withRequestBody(equalToJson("""
                        {"records": [{"value": "\\"%s\\""}]}""".formatted(VALUE))));
        server.verify(0, postRequestedFor(urlEqualTo(RRSET + "/actions/add_records")));
        server.verify(1, getRequestedFor(urlEqualTo("/v1/actions/13")));
    }

    @Test
    void cleanupOfAnAbsentRrsetOrValueWritesNothing() {
        provider().cleanup(ChallengeRecord.of("example.com", FQDN, VALUE));
        server.stubFor(get(urlEqualTo(APEX)).willReturn(okJson(rrset("@", 60, OTHER))));
        provider().cleanup(ChallengeRecord.of("example.com", "example.com", VALUE));

        server.verify(0, postRequestedFor(urlPathMatching(".*/actions/.*")));
    }

    @Test
    void aRunningActionIsPolledWithTheSleeperUntilSuccess() {
        server.stubFor(get("/v1/actions/13").inScenario("action").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(okJson(action(13, "running"))).willSetStateTo("second"));
        server.stubFor(get("/v1/actions/13").inScenario("action").whenScenarioStateIs("second")
                .willReturn(okJson(action(13, "running"))).willSetStateTo("done"));
        server.stubFor(get("/v1/actions/13").inScenario("action").whenScenarioStateIs("done")
                .willReturn(okJson(action(13, "success"))));

        provider().present(ChallengeRecord.of("example.com", FQDN, VALUE));

        server.verify(3, getRequestedFor(urlEqualTo("/v1/actions/13")));
        assertThat(sleeper.sleeps()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(1));
    }

    @Test
    void aFailedActionIsATypedError() {
        server.stubFor(get("/v1/actions/13").willReturn(okJson("""
                {"action": {"id": 13, "command": "add_rrset_records", "status": "error", "progress": 100,
                 "started": "2016-01-30T23:55:00+00:00", "finished": "2016-01-30T23:56:00+00:00",
                 "resources": [{"id": 42, "type": "zone"}],
                 "error": {"code": "action_failed", "message": "Action failed"}}}""")));

        assertThatThrownBy(() -> provider().present(ChallengeRecord.of("example.com", FQDN, VALUE)))
                .isInstanceOfSatisfying(DnsProviderException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.DNS_PROVIDER_ERROR);
                    assertThat(e.getMessage()).contains("action 13", "add_rrset_records", "error",
                            "action_failed: Action failed");
                });
    }

    @Test
    void documentedErrorBecomesARedactedTypedErrorWithoutRetry() {
        server.stubFor(post(urlEqualTo(RRSET + "/actions/add_records")).willReturn(aResponse().withStatus(422)
                .withHeader("Content-Type", "application/json").withBody("""
                        {"error": {"code": "incorrect_zone_mode",
                         "message": "This operation is not supported for this Zone's mode. %s", "details": {}}}"""
                        .formatted(TOKEN))));

        assertThatThrownBy(() -> provider().present(ChallengeRecord.of("example.com", FQDN, VALUE)))
                .isInstanceOfSatisfying(DnsProviderException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.DNS_PROVIDER_ERROR);
                    assertThat(e.httpStatus()).hasValue(422);
                    assertThat(e.getMessage()).contains("incorrect_zone_mode: This operation is not supported")
                            .doesNotContain(TOKEN);
                });
        assertThat(sleeper.sleeps()).as("a 422 is not retried").isEmpty();
    }

    @Test
    void unauthorizedIsAnAuthenticationFailure() {
        server.stubFor(get(urlPathEqualTo("/v1/zones")).willReturn(aResponse().withStatus(401)
                .withHeader("Content-Type", "application/json").withBody("""
                        {"error": {"code": "unauthorized", "message": "unable to authenticate", "details": {}}}""")));

        assertThatThrownBy(() -> provider().present(ChallengeRecord.of("example.com", FQDN, VALUE)))
                .isInstanceOfSatisfying(DnsProviderException.class, e -> {
                    assertThat(e.isAuthenticationFailure()).isTrue();
                    assertThat(e.getMessage()).contains("unauthorized: unable to authenticate")
                            .doesNotContain(TOKEN);
                });
    }

    @Test
    void rateLimitIsRetried() {
        server.stubFor(get(urlEqualTo(RRSET)).inScenario("limit").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Content-Type", "application/json")
                        .withBody("{\"error\": {\"code\": \"rate_limit_exceeded\", \"message\": \"limit\"}}"))
                .willSetStateTo("ok"));
        server.stubFor(get(urlEqualTo(RRSET)).inScenario("limit").whenScenarioStateIs("ok")
                .willReturn(okJson(rrset("_acme-challenge.www", 60, VALUE))));

        provider().present(ChallengeRecord.of("example.com", FQDN, VALUE));

        server.verify(2, getRequestedFor(urlEqualTo(RRSET)));
        assertThat(sleeper.sleeps()).hasSize(1);
        server.verify(0, postRequestedFor(urlPathMatching(".*/actions/.*")));
    }

    @Test
    void whenTheRecordsZoneIsNotInTheProjectTheLongestZoneTheTokenSeesWins() {
        server.stubFor(get(urlPathEqualTo("/v1/zones")).withQueryParam("name", equalTo("example.com"))
                .willReturn(okJson(zones(null))));
        server.stubFor(get(urlPathEqualTo("/v1/zones")).withQueryParam("name", equalTo(FQDN))
                .willReturn(okJson(zones(null))));
        server.stubFor(get(urlPathEqualTo("/v1/zones")).withQueryParam("name", equalTo("www.example.com"))
                .willReturn(okJson(zones(null, zone(77, "www.example.com")))));
        server.stubFor(get(urlEqualTo("/v1/zones/77/rrsets/_acme-challenge/TXT")).willReturn(okJson(
                rrset("_acme-challenge", 120, OTHER).replace("\"zone\": 42", "\"zone\": 77"))));
        server.stubFor(post(urlEqualTo("/v1/zones/77/rrsets/_acme-challenge/TXT/actions/add_records"))
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBody(action(13, "running"))));

        provider().present(ChallengeRecord.of("example.com", FQDN, VALUE));

        server.verify(1, getRequestedFor(urlPathEqualTo("/v1/zones")).withQueryParam("name", equalTo(FQDN)));
        server.verify(1, postRequestedFor(urlEqualTo("/v1/zones/77/rrsets/_acme-challenge/TXT/actions/add_records"))
                .withRequestBody(equalToJson("""
                        {"ttl": 120, "records": [{"value": "\\"%s\\""}]}""".formatted(VALUE))));
    }

    @Test
    void unknownZoneIsZoneNotFound() {
        server.stubFor(get(urlPathEqualTo("/v1/zones")).withQueryParam("name", equalTo("example.org"))
                .willReturn(okJson(zones(null))));
        server.stubFor(get(urlPathEqualTo("/v1/zones")).withQueryParam("name", equalTo("_acme-challenge.example.org"))
                .willReturn(okJson(zones(null))));

        assertThatThrownBy(() -> provider().present(ChallengeRecord.of("example.org", "_acme-challenge.example.org",
                VALUE))).isInstanceOfSatisfying(DnsProviderException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.ZONE_NOT_FOUND));
    }

    @Test
    void zoneListerFollowsNextPage() {
        server.stubFor(get(urlPathEqualTo("/v1/zones")).withQueryParam("page", equalTo("1"))
                .withQueryParam("per_page", equalTo("50")).willReturn(okJson(zones(2, zone(1, "example.org")))));
        server.stubFor(get(urlPathEqualTo("/v1/zones")).withQueryParam("page", equalTo("2"))
                .withQueryParam("per_page", equalTo("50")).willReturn(okJson(zones(null, zone(2, "example.com")))));

        assertThat(provider().zones()).containsExactly("example.com", "example.org");
        server.verify(2, getRequestedFor(urlPathEqualTo("/v1/zones")).withHeader("Authorization", equalTo(BEARER)));
    }

    @Test
    void byNameBuildsTheProviderFromStringProperties() {
        DnsChallengeProvider p = DnsProviders.byName("hetznerv1", Map.of("apiToken", TOKEN,
                "baseUrl", server.baseUrl() + "/v1", "httpTimeout", "5"));

        assertThat(p).isInstanceOf(HetznerV1DnsProvider.class).isInstanceOf(ZoneLister.class);
        assertThat(p.toString()).contains(server.baseUrl() + "/v1").doesNotContain(TOKEN);
        server.stubFor(get(urlEqualTo(RRSET)).willReturn(okJson(rrset("_acme-challenge.www", 60, VALUE))));
        p.present(ChallengeRecord.of("example.com", FQDN, VALUE));
        server.verify(getRequestedFor(urlEqualTo(RRSET)).withHeader("Authorization", equalTo(BEARER)));
    }

    @Test
    void byNameDefaultsToTheCloudApiAndNeedsAToken() {
        assertThat(DnsProviders.byName("hetznerv1", Map.of("apiToken", TOKEN)).toString())
                .contains("https://api.hetzner.cloud/v1");
        assertThatThrownBy(() -> DnsProviders.byName("hetznerv1", Map.of()))
                .isInstanceOfSatisfying(CertpilotException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST);
                    assertThat(e.getMessage()).contains("apiToken");
                });
        assertThatThrownBy(() -> DnsProviders.byName("hetznerv1", Map.of("apiToken", TOKEN, "ttl", "120")))
                .isInstanceOfSatisfying(CertpilotException.class, e -> assertThat(e.getMessage()).contains("ttl")
                        .doesNotContain(TOKEN));
        assertThatThrownBy(() -> HetznerV1DnsProvider.builder().build())
                .isInstanceOfSatisfying(CertpilotException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST));
    }
}
