package dev.certpilot.dns.gcloud;

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
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.certpilot.CertpilotException;
import dev.certpilot.ErrorCode;
import dev.certpilot.dns.testing.RecordingSleeper;
import dev.certpilot.spi.ChallengeRecord;
import dev.certpilot.spi.DnsProviderException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The exact requests {@link GoogleCloudDnsProvider} sends, against stubs copied from Google's documentation:
 * <ul>
 *   <li>service account JWT and token request:
 *       https://developers.google.com/identity/protocols/oauth2/service-account#httprest</li>
 *   <li>managedZones.list: https://cloud.google.com/dns/docs/reference/rest/v1/managedZones/list</li>
 *   <li>resourceRecordSets.list: https://cloud.google.com/dns/docs/reference/rest/v1/resourceRecordSets/list</li>
 *   <li>changes.create and the Change resource: https://cloud.google.com/dns/docs/reference/rest/v1/changes/create,
 *       https://cloud.google.com/dns/docs/reference/rest/v1/changes</li>
 *   <li>changes.get: https://cloud.google.com/dns/docs/reference/rest/v1/changes/get</li>
 *   <li>error envelope: https://cloud.google.com/apis/design/errors#http_mapping</li>
 * </ul>
 */
class GoogleCloudRequestsTest {

    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    private static final String TOKEN = "ya29.c.b0AXv0zTPcI8kQ2HfFZ3-certpilot-test";
    private static final String FQDN = "_acme-challenge.www.example.com";
    private static final String VALUE = "ADw2sEd82DUgXcQ9hNBZThJs7zVJkR5v9JeSbAb9mZY";
    private static final String OTHER = "9XK0hxW5o3Xr8bL6GgI5g6GSbhzSi6H0G1eb0nUShcA";
    private static final String ZONES = "/dns/v1/projects/my-project-123/managedZones";
    private static final String RRSETS = ZONES + "/example-com/rrsets";
    private static final String CHANGES = ZONES + "/example-com/changes";

    private final WireMockServer server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    private final RecordingSleeper sleeper = new RecordingSleeper();

    @BeforeEach
    void start() {
        server.start();
        server.stubFor(post("/token").willReturn(okJson("""
                {"access_token": "%s", "expires_in": 3599, "token_type": "Bearer"}""".formatted(TOKEN))));
        server.stubFor(get(urlPathEqualTo(ZONES)).willReturn(okJson("""
                {"kind": "dns#managedZonesListResponse",
                 "managedZones": [
                  {"kind": "dns#managedZone", "name": "example-com-private", "dnsName": "example.com.",
                   "description": "", "id": "5221098354323427330", "visibility": "private",
                   "nameServers": ["ns-gcp-private.googledomains.com."], "creationTime": "2025-11-03T08:01:22.921Z"},
                  {"kind": "dns#managedZone", "name": "example-com", "dnsName": "example.com.", "description": "",
                   "id": "2213740948275816421", "visibility": "public",
                   "nameServers": ["ns-cloud-a1.googledomains.com.", "ns-cloud-a2.googledomains.com.",
                                   "ns-cloud-a3.googledomains.com.", "ns-cloud-a4.googledomains.com."],
                   "creationTime": "2025-11-03T08:00:03.317Z"}]}""")));
        server.stubFor(post(urlPathEqualTo(CHANGES)).willReturn(okJson("""
                {"kind": "dns#change", "id": "17", "startTime": "2026-03-01T10:00:00.512Z", "status": "pending",
                 "additions": [], "deletions": []}""")));
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    private GoogleCloudDnsProvider.Builder builder() {
        return GoogleCloudDnsProvider.builder().serviceAccountKey(ServiceAccounts.keyJson(ServiceAccounts.KEY))
                .baseUrl(server.baseUrl() + "/dns/v1").tokenUrl(server.baseUrl() + "/token").sleeper(sleeper)
                .clock(Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private void stubSet(String... values) {
        StringBuilder rrdatas = new StringBuilder();
        for (String v : values) {
            rrdatas.append(rrdatas.length() == 0 ? "" : ", ").append("\"\\\"").append(v).append("\\\"\"");
        }
        server.stubFor(get(urlPathEqualTo(RRSETS)).willReturn(okJson(values.length == 0
                ? "{\"kind\": \"dns#resourceRecordSetsListResponse\", \"rrsets\": []}" : """
                {"kind": "dns#resourceRecordSetsListResponse",
                 "rrsets": [{"kind": "dns#resourceRecordSet", "name": "_acme-challenge.www.example.com.",
                             "type": "TXT", "ttl": 300, "rrdatas": [%s]}]}""".formatted(rrdatas))));
    }

    @Test
    void theTokenRequestCarriesAnRs256JwtForTheCloudDnsScope() {
        stubSet();

        builder().build().present(ChallengeRecord.of("example.com", FQDN, VALUE));

        LoggedRequest tokenRequest = server.findAll(postRequestedFor(urlPathEqualTo("/token"))).get(0);
        assertThat(tokenRequest.getHeader("Content-Type")).isEqualTo("application/x-www-form-urlencoded");
        String body = tokenRequest.getBodyAsString();
        assertThat(body).startsWith("grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion=");
        String jwt = URLDecoder.decode(body.substring(body.indexOf("assertion=") + 10), StandardCharsets.UTF_8);
        JsonNode header = ServiceAccounts.header(jwt);
        assertThat(header.path("alg").asText()).isEqualTo("RS256");
        assertThat(header.path("typ").asText()).isEqualTo("JWT");
        assertThat(header.path("kid").asText()).isEqualTo(ServiceAccounts.KEY_ID);
        JsonNode claims = ServiceAccounts.verify(jwt, ServiceAccounts.KEY.getPublic());
        assertThat(claims).as("signature verifies with the account's public key").isNotNull();
        assertThat(claims.path("iss").asText()).isEqualTo(ServiceAccounts.EMAIL);
        assertThat(claims.path("scope").asText()).isEqualTo("https://www.googleapis.com/auth/ndev.clouddns.readwrite");
        assertThat(claims.path("aud").asText()).isEqualTo("https://oauth2.googleapis.com/token");
        assertThat(claims.path("iat").asLong()).isEqualTo(NOW.getEpochSecond());
        assertThat(claims.path("exp").asLong()).isEqualTo(NOW.getEpochSecond() + 3600);
        server.verify(getRequestedFor(urlPathEqualTo(ZONES)).withHeader("Authorization", equalTo("Bearer " + TOKEN)));
    }

    @Test
    void presentFindsThePublicZoneAndReplacesTheSetInOneChange() {
        stubSet(OTHER);

        builder().build().present(ChallengeRecord.of("example.com", FQDN, VALUE));

        server.verify(getRequestedFor(urlEqualTo(ZONES + "?dnsName=example.com.")));
        server.verify(getRequestedFor(urlEqualTo(RRSETS + "?name=_acme-challenge.www.example.com.&type=TXT"))
                .withHeader("Authorization", equalTo("Bearer " + TOKEN)));
        server.verify(1, postRequestedFor(urlEqualTo(CHANGES)).withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(equalToJson("""
                        {"kind": "dns#change",
                         "additions": [{"kind": "dns#resourceRecordSet", "name": "_acme-challenge.www.example.com.",
                                        "type": "TXT", "ttl": 60, "rrdatas": ["\\"%s\\"", "\\"%s\\""]}],
                         "deletions": [{"kind": "dns#resourceRecordSet", "name": "_acme-challenge.www.example.com.",
                                        "type": "TXT", "ttl": 300, "rrdatas": ["\\"%s\\""]}]}
                        """.formatted(OTHER, VALUE, OTHER))));
    }

    @Test
    void cleanupOfTheLastValueOnlyDeletesTheSet() {
        stubSet(VALUE);

        builder().build().cleanup(ChallengeRecord.of("example.com", FQDN, VALUE));

        server.verify(postRequestedFor(urlEqualTo(CHANGES)).withRequestBody(equalToJson("""
                {"kind": "dns#change",
                 "deletions": [{"kind": "dns#resourceRecordSet", "name": "_acme-challenge.www.example.com.",
                                "type": "TXT", "ttl": 300, "rrdatas": ["\\"%s\\""]}]}
                """.formatted(VALUE))));
    }

    @Test
    void cleanupKeepsTheOtherValues() {
        stubSet(OTHER, VALUE);

        builder().build().cleanup(ChallengeRecord.of("example.com", FQDN, VALUE));

        server.verify(postRequestedFor(urlEqualTo(CHANGES)).withRequestBody(equalToJson("""
                {"kind": "dns#change",
                 "additions": [{"kind": "dns#resourceRecordSet", "name": "_acme-challenge.www.example.com.",
                                "type": "TXT", "ttl": 300, "rrdatas": ["\\"%s\\""]}],
                 "deletions": [{"kind": "dns#resourceRecordSet", "name": "_acme-challenge.www.example.com.",
                                "type": "TXT", "ttl": 300, "rrdatas": ["\\"%s\\"", "\\"%s\\""]}]}
                """.formatted(OTHER, OTHER, VALUE))));
    }

    @Test
    void aConflictingChangeIsReadAgainThenReported() {
        stubSet(OTHER);
        server.stubFor(post(urlPathEqualTo(CHANGES)).willReturn(aResponse().withStatus(412)
                .withHeader("Content-Type", "application/json").withBody("""
                        {"error": {"code": 412,
                          "message": "Precondition not met for 'entity.change.deletions[0]'",
                          "errors": [{"message": "Precondition not met for 'entity.change.deletions[0]'",
                                      "domain": "global", "reason": "conditionNotMet"}],
                          "status": "FAILED_PRECONDITION"}}""")));

        assertThatThrownBy(() -> builder().build().present(ChallengeRecord.of("example.com", FQDN, VALUE)))
                .isInstanceOfSatisfying(DnsProviderException.class, e -> {
                    assertThat(e.httpStatus()).hasValue(412);
                    assertThat(e.getMessage()).contains("FAILED_PRECONDITION: Precondition not met",
                            "(conditionNotMet)");
                });
        server.verify(3, getRequestedFor(urlPathEqualTo(RRSETS)));
        server.verify(3, postRequestedFor(urlPathEqualTo(CHANGES)));
    }

    @Test
    void theInSyncCheckAsksChangesGet() {
        stubSet();
        server.stubFor(get(urlEqualTo(CHANGES + "/17")).willReturn(okJson("""
                {"kind": "dns#change", "id": "17", "startTime": "2026-03-01T10:00:00.512Z", "status": "done"}""")));
        GoogleCloudDnsProvider provider = builder().build();
        ChallengeRecord record = ChallengeRecord.of("example.com", FQDN, VALUE);
        provider.present(record);

        assertThat(provider.isInSync(record)).isTrue();

        server.verify(getRequestedFor(urlEqualTo(CHANGES + "/17")).withHeader("Authorization",
                equalTo("Bearer " + TOKEN)));
    }

    @Test
    void aGivenZoneAndProjectSkipTheLookup() {
        String rrsets = "/dns/v1/projects/other-project/managedZones/my-zone/rrsets";
        server.stubFor(get(urlPathEqualTo(rrsets)).willReturn(okJson("{\"rrsets\": []}")));
        server.stubFor(post(urlPathEqualTo("/dns/v1/projects/other-project/managedZones/my-zone/changes"))
                .willReturn(okJson("{\"kind\": \"dns#change\", \"id\": \"3\", \"status\": \"done\"}")));

        GoogleCloudDnsProvider provider = builder().project("other-project").zoneId("my-zone").build();
        ChallengeRecord record = ChallengeRecord.of("example.com", FQDN, VALUE);
        provider.present(record);

        server.verify(0, getRequestedFor(urlPathEqualTo(ZONES)));
        assertThat(provider.isInSync(record)).as("a change created done needs no polling").isTrue();
        assertThat(provider.toString()).contains("project=other-project", "zoneId=my-zone", ServiceAccounts.EMAIL)
                .doesNotContain("PRIVATE KEY", TOKEN);
    }

    @Test
    void privateZonesAreUsedOnlyWhenAllowed() {
        String rrsets = ZONES + "/example-com-private/rrsets";
        server.stubFor(get(urlPathEqualTo(rrsets)).willReturn(okJson("{\"rrsets\": []}")));
        server.stubFor(get(urlPathEqualTo(ZONES)).willReturn(okJson("""
                {"managedZones": [{"name": "example-com-private", "dnsName": "example.com.", "visibility": "private"}]}
                """)));
        server.stubFor(post(urlPathEqualTo(ZONES + "/example-com-private/changes"))
                .willReturn(okJson("{\"id\": \"4\", \"status\": \"pending\"}")));

        assertThatThrownBy(() -> builder().build().present(ChallengeRecord.of("example.com", FQDN, VALUE)))
                .isInstanceOfSatisfying(DnsProviderException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.ZONE_NOT_FOUND));
        builder().allowPrivateZone(true).build().present(ChallengeRecord.of("example.com", FQDN, VALUE));
        server.verify(postRequestedFor(urlPathEqualTo(ZONES + "/example-com-private/changes")));
    }

    @Test
    void aRefusedAssertionIsAnAuthenticationFailureWithoutTheKey() {
        server.stubFor(post("/token").willReturn(aResponse().withStatus(400).withHeader("Content-Type",
                "application/json").withBody("""
                {"error": "invalid_grant", "error_description": "Invalid JWT Signature."}""")));

        assertThatThrownBy(() -> builder().build().present(ChallengeRecord.of("example.com", FQDN, VALUE)))
                .isInstanceOfSatisfying(DnsProviderException.class, e -> {
                    assertThat(e.isAuthenticationFailure()).isTrue();
                    assertThat(e.getMessage()).contains("invalid_grant: Invalid JWT Signature.")
                            .doesNotContain("PRIVATE KEY", "assertion=ey");
                });
        server.verify(0, getRequestedFor(urlPathEqualTo(ZONES)));
    }

    @Test
    void zoneListerReadsEveryPage() {
        server.stubFor(get(urlEqualTo(ZONES)).willReturn(okJson("""
                {"managedZones": [{"name": "a", "dnsName": "example.com.", "visibility": "public"},
                                  {"name": "b", "dnsName": "internal.example.", "visibility": "private"}],
                 "nextPageToken": "CAE="}""")));
        server.stubFor(get(urlEqualTo(ZONES + "?pageToken=CAE%3D")).willReturn(okJson("""
                {"managedZones": [{"name": "c", "dnsName": "Example.ORG.", "visibility": "public"}]}""")));

        assertThat(builder().build().zones()).containsExactly("example.com", "example.org");
    }

    @Test
    void keysAreCheckedWhenTheProviderIsBuilt() {
        assertThatThrownBy(() -> GoogleCloudDnsProvider.builder().serviceAccountKey("{\"type\": \"authorized_user\"}"))
                .isInstanceOfSatisfying(CertpilotException.class, e -> assertThat(e.getMessage())
                        .contains("only service_account keys"));
        String broken = ServiceAccounts.keyJson(ServiceAccounts.KEY).replace("-----BEGIN PRIVATE KEY-----\\n",
                "-----BEGIN PRIVATE KEY-----\\nAAAA");
        assertThatThrownBy(() -> GoogleCloudDnsProvider.builder().serviceAccountKey(broken))
                .isInstanceOfSatisfying(CertpilotException.class, e -> assertThat(e.getMessage())
                        .contains("not a PKCS#8 RSA key").doesNotContain("AAAA"));
        assertThatThrownBy(() -> GoogleCloudDnsProvider.builder().build())
                .hasMessageContaining("service account key");
    }
}
