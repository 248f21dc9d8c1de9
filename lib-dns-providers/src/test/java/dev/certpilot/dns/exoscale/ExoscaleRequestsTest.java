package dev.certpilot.dns.exoscale;

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
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.certpilot.dns.testing.RecordingSleeper;
import dev.certpilot.spi.ChallengeRecord;
import dev.certpilot.spi.DnsProviderException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The exact requests {@link ExoscaleDnsProvider} sends, against stubs copied from the Exoscale API v2 reference:
 * <ul>
 *   <li>request signature: https://openapi-v2.exoscale.com/topic/topic-api-request-signature</li>
 *   <li>list-dns-domains, list-dns-domain-records, create-dns-domain-record, delete-dns-domain-record, get-operation:
 *       https://openapi-v2.exoscale.com/#endpoint-dns and https://community.exoscale.com/reference/api/dns/record</li>
 * </ul>
 */
class ExoscaleRequestsTest {

    private static final String KEY = "EXO29147e9f89102b7ac1e88514";
    private static final String SECRET = "Wq7rmJ0nGXcPeEzG2lwS0Dq3bVj5dE3yJg8K1gHhQ2A";
    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    private static final String DOMAIN = "5f3c1a6e-2b4d-4c8e-9a1f-0e7d6c5b4a39";
    private static final String RECORDS = "/v2/dns-domain/" + DOMAIN + "/record";
    private static final String VALUE = "ADw2sEd82DUgXcQ9hNBZThJs7zVJkR5v9JeSbAb9mZY";
    private static final String OTHER = "9XK0hxW5o3Xr8bL6GgI5g6GSbhzSi6H0G1eb0nUShcA";

    private final WireMockServer server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    private final RecordingSleeper sleeper = new RecordingSleeper();

    @BeforeEach
    void start() {
        server.start();
        server.stubFor(get("/v2/dns-domain").willReturn(okJson("""
                {"dns-domains": [{"id": "%s", "created-at": "2025-11-03T08:00:03Z", "unicode-name": "example.com"}]}"""
                .formatted(DOMAIN))));
        server.stubFor(get(RECORDS).willReturn(okJson("""
                {"dns-domain-records": [
                  {"id": "0b8c3e9a-1111-4d2e-8f00-aa11bb22cc33", "name": "_acme-challenge.www", "type": "TXT",
                   "content": "\\"%s\\"", "ttl": 60, "priority": 0, "system-record": false,
                   "created-at": "2026-02-28T09:00:00Z", "updated-at": "2026-02-28T09:00:00Z"},
                  {"id": "0b8c3e9a-2222-4d2e-8f00-aa11bb22cc33", "name": "_acme-challenge.www", "type": "TXT",
                   "content": "\\"%s\\"", "ttl": 60, "priority": 0, "system-record": false,
                   "created-at": "2026-02-28T09:00:00Z", "updated-at": "2026-02-28T09:00:00Z"},
                  {"id": "0b8c3e9a-3333-4d2e-8f00-aa11bb22cc33", "name": "", "type": "NS", "content": "ns1.exoscale.ch.",
                   "ttl": 3600, "priority": 0, "system-record": true}]}""".formatted(OTHER, VALUE))));
        String operation = """
                {"id": "e2047130-b86e-11ed-afa1-0242ac120002", "state": "%s",
                 "reference": {"id": "0b8c3e9a-4444-4d2e-8f00-aa11bb22cc33",
                               "link": "/v2/dns-domain/%s/record/0b8c3e9a-4444-4d2e-8f00-aa11bb22cc33",
                               "command": "get-dns-domain-record"}}""";
        server.stubFor(post(RECORDS).willReturn(okJson(operation.formatted("pending", DOMAIN))));
        server.stubFor(delete(RECORDS + "/0b8c3e9a-2222-4d2e-8f00-aa11bb22cc33")
                .willReturn(okJson(operation.formatted("success", DOMAIN))));
        server.stubFor(get("/v2/operation/e2047130-b86e-11ed-afa1-0242ac120002").inScenario("op")
                .whenScenarioStateIs(Scenario.STARTED).willReturn(okJson(operation.formatted("pending", DOMAIN)))
                .willSetStateTo("done"));
        server.stubFor(get("/v2/operation/e2047130-b86e-11ed-afa1-0242ac120002").inScenario("op")
                .whenScenarioStateIs("done").willReturn(okJson(operation.formatted("success", DOMAIN))));
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    private ExoscaleDnsProvider provider() {
        return ExoscaleDnsProvider.builder().credentials(KEY, SECRET).endpoint(server.baseUrl() + "/v2")
                .sleeper(sleeper).clock(Clock.fixed(NOW, ZoneOffset.UTC)).build();
    }

    /** Recomputes the documented signature of a logged request. */
    private static void assertSigned(LoggedRequest request) throws Exception {
        long expires = NOW.getEpochSecond() + 600;
        String message = request.getMethod().getName() + " " + URI.create(request.getUrl()).getRawPath() + "\n"
                + request.getBodyAsString() + "\n" + "\n" + "\n" + expires;
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String signature = Base64.getEncoder().encodeToString(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
        assertThat(request.getHeader("Authorization")).isEqualTo("EXO2-HMAC-SHA256 credential=" + KEY + ",expires="
                + expires + ",signature=" + signature);
    }

    @Test
    void theMessageToSignIsTheDocumentedOne() {
        assertThat(ExoscaleSigner.message("GET", "/v2/resource/a02baf5a-a3e4-49a0-857b-8a08d276c1c0", "", "v1v2",
                1599140767L)).isEqualTo("GET /v2/resource/a02baf5a-a3e4-49a0-857b-8a08d276c1c0\n\nv1v2\n\n1599140767");
        assertThat(ExoscaleSigner.authorization("EXO29147e9f89102b7ac1e88514", "secret", "GET",
                URI.create("https://api-ch-gva-2.exoscale.com/v2/resource/a02baf5a?p2=v2&p1=v1"), "", 1599140767L))
                .startsWith("EXO2-HMAC-SHA256 credential=EXO29147e9f89102b7ac1e88514,signed-query-args=p1;p2,"
                        + "expires=1599140767,signature=");
    }

    @Test
    void presentCreatesOneRecordFollowsTheOperationAndSignsEveryRequest() throws Exception {
        String fresh = "fresh" + VALUE.substring(5);

        provider().present(ChallengeRecord.of("example.com", "_acme-challenge.www.example.com", fresh));

        server.verify(getRequestedFor(urlEqualTo("/v2/dns-domain")));
        server.verify(1, postRequestedFor(urlEqualTo(RECORDS)).withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(equalToJson("""
                        {"name": "_acme-challenge.www", "type": "TXT", "content": "%s", "ttl": 60}""".formatted(fresh))));
        server.verify(2, getRequestedFor(urlEqualTo("/v2/operation/e2047130-b86e-11ed-afa1-0242ac120002")));
        assertThat(sleeper.sleeps()).as("first poll at once, then a pause").containsExactly(Duration.ofSeconds(1));
        for (LoggedRequest r : server.findAll(com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor(
                com.github.tomakehurst.wiremock.client.WireMock.anyUrl()))) {
            assertSigned(r);
        }
    }

    @Test
    void presentOfAValueAlreadyThereCreatesNothingAndCleanupDeletesOnlyItsRecord() {
        provider().present(ChallengeRecord.of("example.com", "_acme-challenge.www.example.com", VALUE));
        server.verify(0, postRequestedFor(urlEqualTo(RECORDS)));

        provider().cleanup(ChallengeRecord.of("example.com", "_acme-challenge.www.example.com", VALUE));
        server.verify(1, deleteRequestedFor(urlEqualTo(RECORDS + "/0b8c3e9a-2222-4d2e-8f00-aa11bb22cc33")));
        server.verify(0, deleteRequestedFor(urlEqualTo(RECORDS + "/0b8c3e9a-1111-4d2e-8f00-aa11bb22cc33")));
    }

    @Test
    void aFailedOperationAndARefusedSignatureAreReported() {
        server.stubFor(get("/v2/operation/e2047130-b86e-11ed-afa1-0242ac120002").willReturn(okJson("""
                {"id": "e2047130-b86e-11ed-afa1-0242ac120002", "state": "failure", "reason": "incorrect",
                 "message": "invalid record content"}""")));
        assertThatThrownBy(() -> provider().present(ChallengeRecord.of("example.com", "x.example.com", "v")))
                .isInstanceOfSatisfying(DnsProviderException.class, e -> assertThat(e.getMessage())
                        .contains("ended failure (incorrect): invalid record content"));

        server.stubFor(get("/v2/dns-domain").willReturn(aResponse().withStatus(403)
                .withHeader("Content-Type", "application/json").withBody("{\"message\": \"Invalid request signature\"}")));
        ExoscaleDnsProvider fresh = provider();
        assertThatThrownBy(() -> fresh.present(ChallengeRecord.of("example.com", "y.example.com", "v")))
                .isInstanceOfSatisfying(DnsProviderException.class, e -> {
                    assertThat(e.isAuthenticationFailure()).isTrue();
                    assertThat(e.getMessage()).contains("Invalid request signature").doesNotContain(SECRET);
                });
        assertThat(fresh.toString()).contains(KEY).doesNotContain(SECRET);
    }
}
