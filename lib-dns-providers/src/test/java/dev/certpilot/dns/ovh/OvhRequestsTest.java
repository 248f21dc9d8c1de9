package dev.certpilot.dns.ovh;

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
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.certpilot.dns.testing.RecordingSleeper;
import dev.certpilot.spi.ChallengeRecord;
import dev.certpilot.spi.DnsProviderException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The exact requests {@link OvhDnsProvider} sends, against stubs copied from OVH's documentation:
 * <ul>
 *   <li>signing and {@code /auth/time}: https://help.ovhcloud.com/csm/en-gb-api-getting-started-ovhcloud-api</li>
 *   <li>zone records and refresh: https://help.ovhcloud.com/csm/en-gb-dns-edit-records-api and the API console
 *       https://eu.api.ovh.com/console/?section=%2Fdomain (GET/POST {@code /domain/zone/{zoneName}/record},
 *       GET/DELETE {@code /domain/zone/{zoneName}/record/{id}}, POST {@code /domain/zone/{zoneName}/refresh})</li>
 * </ul>
 */
class OvhRequestsTest {

    private static final String AK = "7kbG7Bk7S9Nt7ZSV";
    private static final String AS = "EXEgWIz07P0HYwtQDs7cNIqCiQaWSuHF";
    private static final String CK = "MtSwSrPpNjqfVSmJhLbPyr2i45lSwPU1";
    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    private static final long API_TIME = NOW.getEpochSecond() + 7;
    private static final String FQDN = "_acme-challenge.www.example.com";
    private static final String VALUE = "ADw2sEd82DUgXcQ9hNBZThJs7zVJkR5v9JeSbAb9mZY";
    private static final String OTHER = "9XK0hxW5o3Xr8bL6GgI5g6GSbhzSi6H0G1eb0nUShcA";
    private static final String RECORDS = "/1.0/domain/zone/example.com/record";

    private final WireMockServer server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    private final RecordingSleeper sleeper = new RecordingSleeper();

    @BeforeEach
    void start() {
        server.start();
        server.stubFor(get("/1.0/auth/time").willReturn(okJson(String.valueOf(API_TIME))));
        server.stubFor(get("/1.0/domain/zone/example.com").willReturn(okJson("""
                {"hasDnsAnycast": false, "nameServers": ["dns10.ovh.net", "ns10.ovh.net"], "dnssecSupported": true,
                 "lastUpdate": "2026-02-27T11:12:07+01:00", "name": "example.com"}""")));
        server.stubFor(get(urlPathEqualTo(RECORDS)).willReturn(okJson("[5088462911, 5088462912]")));
        server.stubFor(get(RECORDS + "/5088462911").willReturn(okJson(record(5088462911L, OTHER))));
        server.stubFor(get(RECORDS + "/5088462912").willReturn(okJson(record(5088462912L, VALUE))));
        server.stubFor(post(RECORDS).willReturn(okJson(record(5088462913L, VALUE))));
        server.stubFor(delete(RECORDS + "/5088462912").willReturn(okJson("null")));
        server.stubFor(post("/1.0/domain/zone/example.com/refresh").willReturn(okJson("null")));
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    private static String record(long id, String value) {
        return """
                {"id": %d, "zone": "example.com", "subDomain": "_acme-challenge.www", "fieldType": "TXT",
                 "target": "\\"%s\\"", "ttl": 60}""".formatted(id, value);
    }

    private OvhDnsProvider provider() {
        return OvhDnsProvider.builder().credentials(AK, AS, CK).endpoint(server.baseUrl() + "/1.0").sleeper(sleeper)
                .clock(Clock.fixed(NOW, ZoneOffset.UTC)).build();
    }

    /** Checks the OVH headers of a request, recomputing the signature from the documented formula. */
    private static void assertSigned(LoggedRequest request) throws Exception {
        assertThat(request.getHeader("X-Ovh-Application")).isEqualTo(AK);
        assertThat(request.getHeader("X-Ovh-Consumer")).isEqualTo(CK);
        assertThat(request.getHeader("X-Ovh-Timestamp")).isEqualTo(String.valueOf(API_TIME));
        String toSign = AS + "+" + CK + "+" + request.getMethod().getName() + "+" + request.getAbsoluteUrl() + "+"
                + request.getBodyAsString() + "+" + API_TIME;
        String sha1 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
                .digest(toSign.getBytes(StandardCharsets.UTF_8)));
        assertThat(request.getHeader("X-Ovh-Signature")).isEqualTo("$1$" + sha1);
    }

    @Test
    void presentCreatesOneRecordAndRefreshesTheZoneWithSignedRequests() throws Exception {
        provider().present(ChallengeRecord.of("example.com", FQDN, "fresh-" + VALUE.substring(6)));

        server.verify(getRequestedFor(urlEqualTo(RECORDS + "?fieldType=TXT&subDomain=_acme-challenge.www")));
        server.verify(1, postRequestedFor(urlEqualTo(RECORDS)).withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(equalToJson("""
                        {"fieldType": "TXT", "subDomain": "_acme-challenge.www", "target": "fresh-%s", "ttl": 60}"""
                        .formatted(VALUE.substring(6)))));
        server.verify(1, postRequestedFor(urlEqualTo("/1.0/domain/zone/example.com/refresh")));
        server.verify(1, getRequestedFor(urlEqualTo("/1.0/auth/time")));
        for (LoggedRequest r : server.findAll(com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor(
                com.github.tomakehurst.wiremock.client.WireMock.anyUrl()))) {
            if (!r.getUrl().equals("/1.0/auth/time")) {
                assertSigned(r);
            }
        }
    }

    @Test
    void presentOfAValueAlreadyThereCreatesNothing() {
        provider().present(ChallengeRecord.of("example.com", FQDN, VALUE));
        server.verify(0, postRequestedFor(urlEqualTo(RECORDS)));
        server.verify(0, postRequestedFor(urlEqualTo("/1.0/domain/zone/example.com/refresh")));
    }

    @Test
    void cleanupDeletesOnlyTheRecordWithItsValue() {
        provider().cleanup(ChallengeRecord.of("example.com", FQDN, VALUE));

        server.verify(1, deleteRequestedFor(urlEqualTo(RECORDS + "/5088462912")));
        server.verify(0, deleteRequestedFor(urlEqualTo(RECORDS + "/5088462911")));
        server.verify(1, postRequestedFor(urlEqualTo("/1.0/domain/zone/example.com/refresh")));
    }

    @Test
    void anInvalidSignatureIsAnAuthenticationFailure() {
        server.stubFor(get("/1.0/domain/zone/example.com").willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json").withBody("""
                        {"errorCode": "INVALID_SIGNATURE", "httpCode": "400 Bad Request", "message": "Invalid signature"}""")));

        assertThatThrownBy(() -> provider().present(ChallengeRecord.of("example.com", FQDN, VALUE)))
                .isInstanceOfSatisfying(DnsProviderException.class, e -> {
                    assertThat(e.isAuthenticationFailure()).isTrue();
                    assertThat(e.getMessage()).contains("INVALID_SIGNATURE: Invalid signature").doesNotContain(AS, CK);
                });
    }

    @Test
    void anUnknownConsumerKeyIsAnAuthenticationFailure() {
        server.stubFor(get("/1.0/domain/zone/example.com").willReturn(aResponse().withStatus(403)
                .withHeader("Content-Type", "application/json").withBody("""
                        {"errorCode": "INVALID_CREDENTIAL", "httpCode": "403 Forbidden", "message": "This credential does not exist"}""")));

        assertThatThrownBy(() -> provider().present(ChallengeRecord.of("example.com", FQDN, VALUE)))
                .isInstanceOfSatisfying(DnsProviderException.class, e -> {
                    assertThat(e.isAuthenticationFailure()).isTrue();
                    assertThat(e.getMessage()).contains("This credential does not exist").doesNotContain(CK);
                });
    }

    @Test
    void endpointNamesAreOvhs() {
        assertThat(OvhDnsProvider.builder().credentials(AK, AS, CK).endpoint("ovh-ca").build().toString())
                .contains("baseUrl=https://ca.api.ovh.com/1.0").doesNotContain(AS, CK);
        assertThat(OvhDnsProvider.builder().credentials(AK, AS, CK).build().toString())
                .contains("baseUrl=https://eu.api.ovh.com/1.0");
        server.stubFor(get("/1.0/domain/zone").willReturn(okJson("[\"example.com\", \"Example.ORG\"]")));
        assertThat(provider().zones()).containsExactly("example.com", "example.org");
    }
}
