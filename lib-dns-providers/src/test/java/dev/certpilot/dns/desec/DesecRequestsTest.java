package dev.certpilot.dns.desec;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.certpilot.ErrorCode;
import dev.certpilot.dns.testing.RecordingSleeper;
import dev.certpilot.spi.ChallengeRecord;
import dev.certpilot.spi.DnsProviderException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The exact requests {@link DesecDnsProvider} sends, against stubs copied from the deSEC documentation: domains
 * (https://desec.readthedocs.io/en/latest/dns/domains.html), RRsets
 * (https://desec.readthedocs.io/en/latest/dns/rrsets.html: retrieving, creating, modifying and deleting an RRset, the
 * {@code @} subname in URLs), token authentication (https://desec.readthedocs.io/en/latest/auth/tokens.html) and
 * throttling with 429 and {@code Retry-After} (https://desec.readthedocs.io/en/latest/rate-limits.html).
 */
class DesecRequestsTest {

    private static final String TOKEN = "i-T3b1h_OI-H9ab8tRS98stGtURe";
    private static final String FQDN = "_acme-challenge.www.example.com";
    private static final String VALUE = "ADw2sEd82DUgXcQ9hNBZThJs7zVJkR5v9JeSbAb9mZY";
    private static final String OTHER = "9XK0hxW5o3Xr8bL6GgI5g6GSbhzSi6H0G1eb0nUShcA";
    private static final String RRSET = "/api/v1/domains/example.com/rrsets/_acme-challenge.www/TXT/";

    private final WireMockServer server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    private final RecordingSleeper sleeper = new RecordingSleeper();

    @BeforeEach
    void start() {
        server.start();
        server.stubFor(get(urlEqualTo("/api/v1/domains/example.com/")).willReturn(okJson("""
                {"created": "2022-11-12T18:01:35.454616Z", "published": "2022-11-12T18:03:19.516440Z",
                 "touched": "2022-11-12T18:03:19.516440Z", "name": "example.com", "minimum_ttl": 3600,
                 "keys": [{"dnskey": "257 3 13 WFRl60...", "ds": ["6006 13 2 8d0c..."], "managed": true}]}
                """)));
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    private DesecDnsProvider provider() {
        return DesecDnsProvider.builder().token(TOKEN).baseUrl(server.baseUrl()).sleeper(sleeper).build();
    }

    private static String rrset(String subname, String... values) {
        StringBuilder records = new StringBuilder();
        for (String v : values) {
            records.append(records.length() == 0 ? "" : ", ").append("\"\\\"").append(v).append("\\\"\"");
        }
        return """
                {"created": "2020-05-06T11:46:07.641885Z", "domain": "example.com", "subname": "%s",
                 "name": "%s.example.com.", "records": [%s], "ttl": 3600, "type": "TXT",
                 "touched": "2020-05-06T11:46:07.641885Z"}
                """.formatted(subname, subname, records);
    }

    private static String quoted(String v) {
        return "\"\\\"" + v + "\\\"\"";
    }

    @Test
    void presentOnAnEmptyNameCreatesTheRrsetWithTheDomainsMinimumTtl() {
        server.stubFor(get(urlEqualTo(RRSET)).willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "application/json").withBody("{\"detail\": \"Not found.\"}")));
        server.stubFor(post(urlEqualTo("/api/v1/domains/example.com/rrsets/")).willReturn(aResponse()
                .withStatus(201).withHeader("Content-Type", "application/json")
                .withBody(rrset("_acme-challenge.www", VALUE))));

        provider().present(ChallengeRecord.of("example.com", FQDN, VALUE));

        server.verify(getRequestedFor(urlEqualTo(RRSET)).withHeader("Authorization", equalTo("Token " + TOKEN)));
        server.verify(1, postRequestedFor(urlEqualTo("/api/v1/domains/example.com/rrsets/"))
                .withHeader("Authorization", equalTo("Token " + TOKEN))
                .withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(equalToJson("""
                        {"subname": "_acme-challenge.www", "type": "TXT", "ttl": 3600, "records": [%s]}
                        """.formatted(quoted(VALUE)))));
    }

    @Test
    void presentAddsToTheValuesAlreadyThere() {
        server.stubFor(get(urlEqualTo(RRSET)).willReturn(okJson(rrset("_acme-challenge.www", OTHER))));
        server.stubFor(patch(urlEqualTo(RRSET)).willReturn(okJson(rrset("_acme-challenge.www", OTHER, VALUE))));

        provider().present(ChallengeRecord.of("example.com", FQDN, VALUE));

        server.verify(1, patchRequestedFor(urlEqualTo(RRSET)).withRequestBody(equalToJson(
                "{\"records\": [" + quoted(OTHER) + ", " + quoted(VALUE) + "]}")));
        server.verify(0, postRequestedFor(urlEqualTo("/api/v1/domains/example.com/rrsets/")));
    }

    @Test
    void cleanupWritesTheOtherValuesAndAnEmptyListDeletes() {
        server.stubFor(get(urlEqualTo(RRSET)).inScenario("rrset").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(okJson(rrset("_acme-challenge.www", OTHER, VALUE))).willSetStateTo("one"));
        server.stubFor(get(urlEqualTo(RRSET)).inScenario("rrset").whenScenarioStateIs("one")
                .willReturn(okJson(rrset("_acme-challenge.www", OTHER))));
        server.stubFor(patch(urlEqualTo(RRSET)).willReturn(aResponse().withStatus(204)));

        provider().cleanup(ChallengeRecord.of("example.com", FQDN, VALUE));
        provider().cleanup(ChallengeRecord.of("example.com", FQDN, OTHER));

        server.verify(patchRequestedFor(urlEqualTo(RRSET)).withRequestBody(equalToJson(
                "{\"records\": [" + quoted(OTHER) + "]}")));
        server.verify(patchRequestedFor(urlEqualTo(RRSET)).withRequestBody(equalToJson("{\"records\": []}")));
    }

    @Test
    void apexRrsetIsAddressedWithAt() {
        server.stubFor(get(urlEqualTo("/api/v1/domains/example.com/rrsets/@/TXT/"))
                .willReturn(okJson(rrset("", OTHER))));
        server.stubFor(patch(urlEqualTo("/api/v1/domains/example.com/rrsets/@/TXT/"))
                .willReturn(okJson(rrset("", OTHER, VALUE))));

        provider().present(ChallengeRecord.of("example.com", "example.com", VALUE));

        server.verify(patchRequestedFor(urlEqualTo("/api/v1/domains/example.com/rrsets/@/TXT/")));
    }

    @Test
    void throttlingIsWaitedOutWithRetryAfter() {
        server.stubFor(get(urlEqualTo(RRSET)).inScenario("throttle").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "7")
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"detail\": \"Request was throttled. Expected available in 7 seconds.\"}"))
                .willSetStateTo("open"));
        server.stubFor(get(urlEqualTo(RRSET)).inScenario("throttle").whenScenarioStateIs("open")
                .willReturn(okJson(rrset("_acme-challenge.www", VALUE))));

        provider().present(ChallengeRecord.of("example.com", FQDN, VALUE));

        assertThat(sleeper.sleeps()).containsExactly(Duration.ofSeconds(7));
        server.verify(0, patchRequestedFor(urlEqualTo(RRSET)));
    }

    @Test
    void fieldErrorsBecomeATypedError() {
        server.stubFor(get(urlEqualTo(RRSET)).willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "application/json").withBody("{\"detail\": \"Not found.\"}")));
        server.stubFor(post(urlEqualTo("/api/v1/domains/example.com/rrsets/")).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"ttl\": [\"Ensure this value is greater than or equal to 3600.\"]}")));

        assertThatThrownBy(() -> provider().present(ChallengeRecord.of("example.com", FQDN, VALUE)))
                .isInstanceOfSatisfying(DnsProviderException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.DNS_PROVIDER_ERROR);
                    assertThat(e.httpStatus()).hasValue(400);
                    assertThat(e.getMessage()).contains("ttl: Ensure this value is greater than or equal to 3600.");
                });
    }

    @Test
    void unknownDomainIsZoneNotFound() {
        server.stubFor(get(urlEqualTo("/api/v1/domains/example.org/")).willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "application/json").withBody("{\"detail\": \"Not found.\"}")));

        assertThatThrownBy(() -> provider().present(ChallengeRecord.of("example.org", "_acme-challenge.example.org",
                VALUE))).isInstanceOfSatisfying(DnsProviderException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.ZONE_NOT_FOUND));
    }

    @Test
    void zoneListerListsTheDomains() {
        server.stubFor(get(urlEqualTo("/api/v1/domains/")).willReturn(okJson("""
                [{"created": "2022-11-12T18:01:35.454616Z", "name": "example.org", "minimum_ttl": 3600},
                 {"created": "2022-11-12T18:01:35.454616Z", "name": "example.com", "minimum_ttl": 3600}]
                """)));

        assertThat(provider().zones()).containsExactly("example.com", "example.org");
    }
}
