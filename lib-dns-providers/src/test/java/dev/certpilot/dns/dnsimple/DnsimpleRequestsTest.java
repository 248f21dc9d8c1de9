package dev.certpilot.dns.dnsimple;

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
 * The exact requests {@link DnsimpleDnsProvider} sends, against stubs copied from DNSimple's API v2 documentation:
 * "Whoami" (https://developer.dnsimple.com/v2/identity/), "Retrieve a zone" and "List zones"
 * (https://developer.dnsimple.com/v2/zones/), "List zone records", "Create a zone record" and "Delete a zone record"
 * (https://developer.dnsimple.com/v2/zones/records/), pagination and errors (https://developer.dnsimple.com/v2/).
 */
class DnsimpleRequestsTest {

    private static final String TOKEN = "dnsimpletest_a_7Hk2Qw9Zr4Xm1Np8Ls5Vt3Bj6";
    private static final String FQDN = "_acme-challenge.www.example.com";
    private static final String VALUE = "ADw2sEd82DUgXcQ9hNBZThJs7zVJkR5v9JeSbAb9mZY";
    private static final String RECORDS = "/v2/1010/zones/example.com/records";

    private final WireMockServer server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    private final RecordingSleeper sleeper = new RecordingSleeper();

    @BeforeEach
    void start() {
        server.start();
        server.stubFor(get(urlPathEqualTo("/v2/whoami")).willReturn(okJson("""
                {"data": {"user": null, "account": {"id": 1010, "email": "example-account@example.com",
                  "plan_identifier": "teams-v1-monthly", "created_at": "2015-09-18T23:04:37Z",
                  "updated_at": "2016-06-09T20:03:39Z"}}}
                """)));
        server.stubFor(get(urlPathEqualTo("/v2/1010/zones/example.com")).willReturn(okJson("""
                {"data": {"id": 1, "account_id": 1010, "name": "example.com", "reverse": false,
                  "created_at": "2015-04-23T07:40:03Z", "updated_at": "2015-04-23T07:40:03Z"}}
                """)));
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    private DnsimpleDnsProvider provider() {
        return DnsimpleDnsProvider.builder().oauthToken(TOKEN).baseUrl(server.baseUrl()).sleeper(sleeper).build();
    }

    private static String records(int page, int pages, String... items) {
        return "{\"data\": [" + String.join(",", items) + "], \"pagination\": {\"current_page\": " + page
                + ", \"per_page\": 100, \"total_entries\": 3, \"total_pages\": " + pages + "}}";
    }

    private static String txt(int id, String content) {
        return """
                {"id": %d, "zone_id": "example.com", "parent_id": null, "name": "_acme-challenge.www",
                 "content": "%s", "ttl": 60, "priority": null, "type": "TXT", "regions": ["global"],
                 "system_record": false, "created_at": "2016-03-22T10:20:53Z", "updated_at": "2016-10-05T09:26:38Z"}
                """.formatted(id, content);
    }

    @Test
    void presentLearnsTheAccountFindsTheZoneAndCreatesOneRecord() {
        server.stubFor(get(urlPathEqualTo(RECORDS)).willReturn(okJson(records(1, 1))));
        server.stubFor(post(urlPathEqualTo(RECORDS)).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody("{\"data\": " + txt(1, VALUE) + "}")));

        provider().present(ChallengeRecord.of("example.com", FQDN, VALUE));

        server.verify(1, getRequestedFor(urlPathEqualTo("/v2/whoami"))
                .withHeader("Authorization", equalTo("Bearer " + TOKEN)));
        server.verify(getRequestedFor(urlPathEqualTo(RECORDS)).withQueryParam("name", equalTo("_acme-challenge.www"))
                .withQueryParam("type", equalTo("TXT")).withQueryParam("page", equalTo("1"))
                .withQueryParam("per_page", equalTo("100")));
        server.verify(1, postRequestedFor(urlPathEqualTo(RECORDS))
                .withHeader("Authorization", equalTo("Bearer " + TOKEN))
                .withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(equalToJson("""
                        {"name": "_acme-challenge.www", "type": "TXT", "content": "%s", "ttl": 60}
                        """.formatted(VALUE))));
    }

    @Test
    void presentOfAValueAlreadyThereCreatesNothing() {
        server.stubFor(get(urlPathEqualTo(RECORDS)).willReturn(okJson(records(1, 1, txt(5, VALUE)))));

        provider().present(ChallengeRecord.of("example.com", FQDN, VALUE));

        server.verify(0, postRequestedFor(urlPathEqualTo(RECORDS)));
    }

    @Test
    void cleanupReadsEveryPageAndDeletesOnlyItsValue() {
        server.stubFor(get(urlPathEqualTo(RECORDS)).withQueryParam("page", equalTo("1"))
                .willReturn(okJson(records(1, 2, txt(11, "9XK0hxW5o3Xr8bL6GgI5g6GSbhzSi6H0G1eb0nUShcA")))));
        server.stubFor(get(urlPathEqualTo(RECORDS)).withQueryParam("page", equalTo("2"))
                .willReturn(okJson(records(2, 2, txt(22, VALUE)))));
        server.stubFor(delete(urlPathEqualTo(RECORDS + "/22")).willReturn(aResponse().withStatus(204)));

        provider().cleanup(ChallengeRecord.of("example.com", FQDN, VALUE));

        server.verify(1, deleteRequestedFor(urlPathEqualTo(RECORDS + "/22"))
                .withHeader("Authorization", equalTo("Bearer " + TOKEN)));
        server.verify(0, deleteRequestedFor(urlPathEqualTo(RECORDS + "/11")));
    }

    @Test
    void givenAccountIdSkipsWhoamiAndApexNameIsEmpty() {
        server.stubFor(get(urlPathEqualTo("/v2/2020/zones/example.com")).willReturn(okJson(
                "{\"data\": {\"id\": 2, \"account_id\": 2020, \"name\": \"example.com\"}}")));
        server.stubFor(get(urlPathEqualTo("/v2/2020/zones/example.com/records")).willReturn(okJson(records(1, 1))));
        server.stubFor(post(urlPathEqualTo("/v2/2020/zones/example.com/records")).willReturn(aResponse()
                .withStatus(201).withHeader("Content-Type", "application/json")
                .withBody("{\"data\": " + txt(3, VALUE) + "}")));

        DnsimpleDnsProvider.builder().oauthToken(TOKEN).accountId("2020").baseUrl(server.baseUrl()).sleeper(sleeper)
                .build().present(ChallengeRecord.of("example.com", "example.com", VALUE));

        server.verify(0, getRequestedFor(urlPathEqualTo("/v2/whoami")));
        server.verify(getRequestedFor(urlPathEqualTo("/v2/2020/zones/example.com/records"))
                .withQueryParam("name", equalTo("")));
        server.verify(postRequestedFor(urlPathEqualTo("/v2/2020/zones/example.com/records"))
                .withRequestBody(equalToJson("{\"name\": \"\", \"type\": \"TXT\", \"content\": \"" + VALUE
                        + "\", \"ttl\": 60}")));
    }

    @Test
    void validationErrorBecomesATypedErrorWithTheFieldMessages() {
        server.stubFor(get(urlPathEqualTo(RECORDS)).willReturn(okJson(records(1, 1))));
        server.stubFor(post(urlPathEqualTo(RECORDS)).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json").withBody("""
                        {"message": "Validation failed", "errors": {"content": ["can't be blank"]}}
                        """)));

        assertThatThrownBy(() -> provider().present(ChallengeRecord.of("example.com", FQDN, VALUE)))
                .isInstanceOfSatisfying(DnsProviderException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.DNS_PROVIDER_ERROR);
                    assertThat(e.httpStatus()).hasValue(400);
                    assertThat(e.getMessage()).contains("Validation failed; content: can't be blank");
                });
    }

    @Test
    void unknownZoneIsZoneNotFound() {
        server.stubFor(get(urlPathEqualTo("/v2/1010/zones/example.org")).willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "application/json").withBody("{\"message\": \"Zone `example.org` not found\"}")));

        assertThatThrownBy(() -> provider().present(ChallengeRecord.of("example.org", "_acme-challenge.example.org",
                VALUE))).isInstanceOfSatisfying(DnsProviderException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.ZONE_NOT_FOUND));
    }

    @Test
    void zoneListerReadsEveryPage() {
        server.stubFor(get(urlPathEqualTo("/v2/1010/zones")).withQueryParam("page", equalTo("1")).willReturn(okJson(
                "{\"data\": [{\"id\": 1, \"name\": \"example.com\"}], \"pagination\": {\"current_page\": 1, "
                        + "\"per_page\": 100, \"total_entries\": 2, \"total_pages\": 2}}")));
        server.stubFor(get(urlPathEqualTo("/v2/1010/zones")).withQueryParam("page", equalTo("2")).willReturn(okJson(
                "{\"data\": [{\"id\": 2, \"name\": \"example.org\"}], \"pagination\": {\"current_page\": 2, "
                        + "\"per_page\": 100, \"total_entries\": 2, \"total_pages\": 2}}")));

        assertThat(provider().zones()).containsExactly("example.com", "example.org");
    }
}
