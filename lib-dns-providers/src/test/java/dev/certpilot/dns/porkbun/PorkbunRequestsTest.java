package dev.certpilot.dns.porkbun;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
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
 * The exact requests {@link PorkbunDnsProvider} sends, against stubs copied from Porkbun's API v3 documentation
 * (https://porkbun.com/api/json/v3/documentation): "Domain List All" ({@code /domain/listAll}), "DNS Retrieve Records
 * by Domain, Subdomain and Type" ({@code /dns/retrieveByNameType/DOMAIN/TYPE/[SUBDOMAIN]}), "DNS Create Record"
 * ({@code /dns/create/DOMAIN}) and "DNS Delete Record by Domain and ID" ({@code /dns/delete/DOMAIN/ID}), each a
 * {@code POST} with {@code secretapikey} and {@code apikey} in the body.
 */
class PorkbunRequestsTest {

    private static final String API_KEY = "pk1_4f8a1c2e3b5d6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a";
    private static final String SECRET = "sk1_9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8b7a6f5e4d3c2b1a0f9e8d";
    private static final String FQDN = "_acme-challenge.www.example.com";
    private static final String VALUE = "ADw2sEd82DUgXcQ9hNBZThJs7zVJkR5v9JeSbAb9mZY";
    private static final String LIST = "/dns/retrieveByNameType/example.com/TXT/_acme-challenge.www";
    private static final String KEYS = "\"secretapikey\": \"" + SECRET + "\", \"apikey\": \"" + API_KEY + "\"";

    private final WireMockServer server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    private final RecordingSleeper sleeper = new RecordingSleeper();

    @BeforeEach
    void start() {
        server.start();
        server.stubFor(post(urlEqualTo("/domain/listAll")).willReturn(okJson("""
                {"status": "SUCCESS", "domains": [
                  {"domain": "example.com", "status": "ACTIVE", "tld": "com", "createDate": "2018-08-20 17:52:51",
                   "expireDate": "2023-08-20 17:52:51", "securityLock": "1", "whoisPrivacy": "1", "autoRenew": 0,
                   "notLocal": 0}]}
                """)));
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    private PorkbunDnsProvider provider() {
        return PorkbunDnsProvider.builder().apiKey(API_KEY, SECRET).baseUrl(server.baseUrl()).sleeper(sleeper).build();
    }

    private static String records(String... items) {
        return "{\"status\": \"SUCCESS\", \"cloudflare\": \"enabled\", \"records\": [" + String.join(",", items) + "]}";
    }

    private static String txt(String id, String content) {
        return """
                {"id": "%s", "name": "%s", "type": "TXT", "content": "%s", "ttl": "600", "prio": "0", "notes": ""}
                """.formatted(id, FQDN, content);
    }

    @Test
    void presentDetectsTheDomainListsTheNameAndCreatesOneRecord() {
        server.stubFor(post(urlEqualTo(LIST)).willReturn(okJson(records())));
        server.stubFor(post(urlEqualTo("/dns/create/example.com"))
                .willReturn(okJson("{\"status\": \"SUCCESS\", \"id\": 106926652}")));

        provider().present(ChallengeRecord.of("example.com", FQDN, VALUE));

        server.verify(postRequestedFor(urlEqualTo("/domain/listAll"))
                .withRequestBody(equalToJson("{" + KEYS + ", \"start\": \"0\"}")));
        server.verify(postRequestedFor(urlEqualTo(LIST)).withRequestBody(equalToJson("{" + KEYS + "}")));
        server.verify(1, postRequestedFor(urlEqualTo("/dns/create/example.com"))
                .withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(equalToJson("""
                        {%s, "name": "_acme-challenge.www", "type": "TXT", "content": "%s", "ttl": "600"}
                        """.formatted(KEYS, VALUE))));
    }

    @Test
    void presentOfAValueAlreadyThereCreatesNothing() {
        server.stubFor(post(urlEqualTo(LIST)).willReturn(okJson(records(txt("1", VALUE)))));

        provider().present(ChallengeRecord.of("example.com", FQDN, VALUE));

        server.verify(0, postRequestedFor(urlPathEqualTo("/dns/create/example.com")));
    }

    @Test
    void cleanupDeletesOnlyTheRecordWithItsValue() {
        server.stubFor(post(urlEqualTo(LIST)).willReturn(okJson(records(
                txt("106926659", "9XK0hxW5o3Xr8bL6GgI5g6GSbhzSi6H0G1eb0nUShcA"), txt("106926660", VALUE)))));
        server.stubFor(post(urlEqualTo("/dns/delete/example.com/106926660"))
                .willReturn(okJson("{\"status\": \"SUCCESS\"}")));

        provider().cleanup(ChallengeRecord.of("example.com", FQDN, VALUE));

        server.verify(1, postRequestedFor(urlEqualTo("/dns/delete/example.com/106926660"))
                .withRequestBody(equalToJson("{" + KEYS + "}")));
        server.verify(0, postRequestedFor(urlEqualTo("/dns/delete/example.com/106926659")));
    }

    @Test
    void apexRecordsHaveNoSubdomain() {
        server.stubFor(post(urlEqualTo("/dns/retrieveByNameType/example.com/TXT")).willReturn(okJson(records())));
        server.stubFor(post(urlEqualTo("/dns/create/example.com"))
                .willReturn(okJson("{\"status\": \"SUCCESS\", \"id\": 106926653}")));

        provider().present(ChallengeRecord.of("example.com", "example.com", VALUE));

        server.verify(postRequestedFor(urlEqualTo("/dns/create/example.com")).withRequestBody(equalToJson("""
                {%s, "name": "", "type": "TXT", "content": "%s", "ttl": "600"}
                """.formatted(KEYS, VALUE))));
    }

    @Test
    void invalidApiKeyIsAnAuthenticationFailureWithoutTheKeys() {
        server.stubFor(post(urlEqualTo("/domain/listAll")).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"status\": \"ERROR\", \"message\": \"Invalid API key. (002)\"}")));

        assertThatThrownBy(() -> provider().present(ChallengeRecord.of("example.com", FQDN, VALUE)))
                .isInstanceOfSatisfying(DnsProviderException.class, e -> {
                    assertThat(e.isAuthenticationFailure()).isTrue();
                    assertThat(e.httpStatus()).hasValue(400);
                    assertThat(e.getMessage()).startsWith("porkbun: ").contains("Invalid API key. (002)")
                            .doesNotContain(API_KEY).doesNotContain(SECRET);
                });
    }

    @Test
    void documentedErrorIsATypedError() {
        server.stubFor(post(urlEqualTo(LIST)).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"status\": \"ERROR\", \"message\": \"Domain is not opted in to API access.\"}")));

        assertThatThrownBy(() -> provider().present(ChallengeRecord.of("example.com", FQDN, VALUE)))
                .isInstanceOfSatisfying(DnsProviderException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.DNS_PROVIDER_ERROR);
                    assertThat(e.isAuthenticationFailure()).isFalse();
                    assertThat(e.getMessage()).contains("Domain is not opted in to API access.");
                });
    }

    @Test
    void nameOutsideTheAccountsDomainsIsZoneNotFound() {
        assertThatThrownBy(() -> provider().present(ChallengeRecord.of("example.org", "_acme-challenge.example.org",
                VALUE))).isInstanceOfSatisfying(DnsProviderException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.ZONE_NOT_FOUND));
        server.verify(1, postRequestedFor(urlEqualTo("/domain/listAll")));
    }

    @Test
    void subdomainZoneIsFoundAtTheRegisteredDomain() {
        server.stubFor(post(urlEqualTo("/dns/retrieveByNameType/example.com/TXT/_acme-challenge.app.dev"))
                .willReturn(okJson(records())));
        server.stubFor(post(urlEqualTo("/dns/create/example.com"))
                .willReturn(okJson("{\"status\": \"SUCCESS\", \"id\": 106926654}")));

        provider().present(ChallengeRecord.of("dev.example.com", "_acme-challenge.app.dev.example.com", VALUE));

        server.verify(postRequestedFor(urlEqualTo("/dns/create/example.com")).withRequestBody(equalToJson("""
                {%s, "name": "_acme-challenge.app.dev", "type": "TXT", "content": "%s", "ttl": "600"}
                """.formatted(KEYS, VALUE))));
    }
}
