package dev.certpilot.dns.azuredns;

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
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.certpilot.dns.testing.RecordingSleeper;
import dev.certpilot.spi.ChallengeRecord;
import dev.certpilot.spi.DnsProviderException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The exact requests {@link AzureDnsProvider} sends, against stubs copied from Microsoft's documentation:
 * <ul>
 *   <li>client credentials token request and its errors:
 *       https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-client-creds-grant-flow</li>
 *   <li>Zones - List: https://learn.microsoft.com/en-us/rest/api/dns/zones/list?view=rest-dns-2018-05-01</li>
 *   <li>Zones - Get: https://learn.microsoft.com/en-us/rest/api/dns/zones/get?view=rest-dns-2018-05-01</li>
 *   <li>Record Sets - Get: https://learn.microsoft.com/en-us/rest/api/dns/record-sets/get?view=rest-dns-2018-05-01</li>
 *   <li>Record Sets - Create Or Update (If-Match / If-None-Match):
 *       https://learn.microsoft.com/en-us/rest/api/dns/record-sets/create-or-update?view=rest-dns-2018-05-01</li>
 *   <li>Record Sets - Delete: https://learn.microsoft.com/en-us/rest/api/dns/record-sets/delete?view=rest-dns-2018-05-01</li>
 *   <li>ARM error envelope: https://learn.microsoft.com/en-us/azure/azure-resource-manager/management/common-deployment-errors</li>
 * </ul>
 */
class AzureDnsRequestsTest {

    private static final String TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    private static final String CLIENT = "4b4f2a3c-8e5d-4c1b-9a7f-0d2e6c8b1a93";
    private static final String SECRET = "Xk98Q~fakeSecretValue.1234567890abcdEFGHij";
    private static final String SUB = "8f1c2d3e-4a5b-6c7d-8e9f-0a1b2c3d4e5f";
    private static final String TOKEN = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiIsIng1dCI6Ik1uQ19WWmNBVGZNNXBP.test";
    private static final String FQDN = "_acme-challenge.www.example.com";
    private static final String VALUE = "ADw2sEd82DUgXcQ9hNBZThJs7zVJkR5v9JeSbAb9mZY";
    private static final String OTHER = "9XK0hxW5o3Xr8bL6GgI5g6GSbhzSi6H0G1eb0nUShcA";
    private static final String ZONES = "/subscriptions/" + SUB + "/providers/Microsoft.Network/dnszones";
    private static final String SET = "/subscriptions/" + SUB
            + "/resourceGroups/rg1/providers/Microsoft.Network/dnsZones/example.com/TXT/_acme-challenge.www";
    private static final String ETAG = "1b2f35a6-8c1d-4f0e-9b3a-7e6d5c4b3a21";

    private final WireMockServer server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    private final RecordingSleeper sleeper = new RecordingSleeper();

    @BeforeEach
    void start() {
        server.start();
        server.stubFor(post("/" + TENANT + "/oauth2/v2.0/token").willReturn(okJson("""
                {"token_type": "Bearer", "expires_in": 3599, "ext_expires_in": 3599, "access_token": "%s"}"""
                .formatted(TOKEN))));
        server.stubFor(get(urlPathEqualTo(ZONES)).willReturn(okJson("""
                {"value": [
                  {"id": "/subscriptions/%s/resourceGroups/rg1/providers/Microsoft.Network/dnsZones/example.com",
                   "name": "example.com", "type": "Microsoft.Network/dnsZones",
                   "etag": "00000000-0000-0000-0000-000000000000", "location": "global", "tags": {"key1": "value1"},
                   "properties": {"maxNumberOfRecordSets": 5000, "numberOfRecordSets": 2,
                                  "nameServers": ["ns1-01.azure-dns.com"], "zoneType": "Public"}}]}""".formatted(SUB))));
        server.stubFor(put(urlPathEqualTo(SET)).willReturn(okJson(recordSet(OTHER, VALUE))));
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    private AzureDnsProvider.Builder builder() {
        return AzureDnsProvider.builder().servicePrincipal(TENANT, CLIENT, SECRET).subscriptionId(SUB)
                .baseUrl(server.baseUrl()).authorityHost(server.baseUrl()).sleeper(sleeper);
    }

    private static String recordSet(String... values) {
        StringBuilder records = new StringBuilder();
        for (String v : values) {
            records.append(records.length() == 0 ? "" : ", ").append("{\"value\": [\"").append(v).append("\"]}");
        }
        return """
                {"id": "/subscriptions/%s/resourceGroups/rg1/providers/Microsoft.Network/dnsZones/example.com/TXT/_acme-challenge.www",
                 "name": "_acme-challenge.www", "type": "Microsoft.Network/dnsZones/TXT", "etag": "%s",
                 "properties": {"metadata": {}, "TTL": 300, "fqdn": "_acme-challenge.www.example.com.",
                                "provisioningState": "Succeeded", "TXTRecords": [%s]}}""".formatted(SUB, ETAG, records);
    }

    private void stubSet(String... values) {
        server.stubFor(get(urlPathEqualTo(SET)).willReturn(values.length == 0
                ? aResponse().withStatus(404).withHeader("Content-Type", "application/json").withBody("""
                        {"error": {"code": "NotFound", "message": "The resource record '_acme-challenge.www' does not exist in resource group 'rg1' of subscription '%s'."}}"""
                        .formatted(SUB))
                : okJson(recordSet(values))));
    }

    @Test
    void theTokenIsRequestedWithTheClientCredentialsGrant() {
        stubSet();

        builder().build().present(ChallengeRecord.of("example.com", FQDN, VALUE));

        server.verify(1, postRequestedFor(urlEqualTo("/" + TENANT + "/oauth2/v2.0/token"))
                .withHeader("Content-Type", equalTo("application/x-www-form-urlencoded"))
                .withRequestBody(equalTo("grant_type=client_credentials&client_id=" + CLIENT + "&client_secret="
                        + SECRET.replace("~", "%7E") + "&scope=https%3A%2F%2Fmanagement.azure.com%2F.default")));
        server.verify(getRequestedFor(urlEqualTo(ZONES + "?api-version=2018-05-01"))
                .withHeader("Authorization", equalTo("Bearer " + TOKEN)));
    }

    @Test
    void presentCreatesANewSetOnlyIfNoneExists() {
        stubSet();

        builder().build().present(ChallengeRecord.of("example.com", FQDN, VALUE));

        server.verify(getRequestedFor(urlEqualTo(SET + "?api-version=2018-05-01")));
        server.verify(putRequestedFor(urlEqualTo(SET + "?api-version=2018-05-01"))
                .withHeader("If-None-Match", equalTo("*")).withHeader("If-Match", absent())
                .withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(equalToJson("""
                        {"properties": {"TTL": 60, "TXTRecords": [{"value": ["%s"]}]}}""".formatted(VALUE))));
    }

    @Test
    void presentAddsToAnExistingSetGuardedByItsEtag() {
        stubSet(OTHER);

        builder().build().present(ChallengeRecord.of("example.com", FQDN, VALUE));

        server.verify(putRequestedFor(urlEqualTo(SET + "?api-version=2018-05-01")).withHeader("If-Match", equalTo(ETAG))
                .withRequestBody(equalToJson("""
                        {"properties": {"TTL": 60, "TXTRecords": [{"value": ["%s"]}, {"value": ["%s"]}]}}"""
                        .formatted(OTHER, VALUE))));
    }

    @Test
    void valuesSplitIntoSeveralStringsAreReadWhole() {
        server.stubFor(get(urlPathEqualTo(SET)).willReturn(okJson(recordSet(VALUE.substring(0, 20) + "\", \""
                + VALUE.substring(20)))));

        builder().build().present(ChallengeRecord.of("example.com", FQDN, VALUE));

        server.verify(0, putRequestedFor(urlPathEqualTo(SET)));
    }

    @Test
    void cleanupKeepsTheOtherValuesAndDeletesTheLastOne() {
        stubSet(OTHER, VALUE);
        builder().build().cleanup(ChallengeRecord.of("example.com", FQDN, VALUE));
        server.verify(putRequestedFor(urlEqualTo(SET + "?api-version=2018-05-01")).withHeader("If-Match", equalTo(ETAG))
                .withRequestBody(equalToJson("""
                        {"properties": {"TTL": 300, "TXTRecords": [{"value": ["%s"]}]}}""".formatted(OTHER))));

        stubSet(VALUE);
        server.stubFor(delete(urlPathEqualTo(SET)).willReturn(aResponse().withStatus(200)));
        builder().build().cleanup(ChallengeRecord.of("example.com", FQDN, VALUE));
        server.verify(deleteRequestedFor(urlEqualTo(SET + "?api-version=2018-05-01")).withHeader("If-Match",
                equalTo(ETAG)));
    }

    @Test
    void aSetChangedByAnotherWriterIsReadAgainThenReported() {
        stubSet(OTHER);
        server.stubFor(put(urlPathEqualTo(SET)).willReturn(aResponse().withStatus(412)
                .withHeader("Content-Type", "application/json").withBody("""
                        {"error": {"code": "PreconditionFailed", "message": "The Record set _acme-challenge.www has been modified (etag mismatch)."}}""")));

        assertThatThrownBy(() -> builder().build().present(ChallengeRecord.of("example.com", FQDN, VALUE)))
                .isInstanceOfSatisfying(DnsProviderException.class, e -> {
                    assertThat(e.httpStatus()).hasValue(412);
                    assertThat(e.getMessage()).contains("PreconditionFailed: The Record set");
                });
        server.verify(3, getRequestedFor(urlPathEqualTo(SET)));
        server.verify(3, putRequestedFor(urlPathEqualTo(SET)));
    }

    @Test
    void aWrongSecretIsAnAuthenticationFailureWithoutTheSecret() {
        server.stubFor(post("/" + TENANT + "/oauth2/v2.0/token").willReturn(aResponse().withStatus(401)
                .withHeader("Content-Type", "application/json").withBody("""
                        {"error": "invalid_client",
                         "error_description": "AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '4b4f2a3c-8e5d-4c1b-9a7f-0d2e6c8b1a93'.",
                         "error_codes": [7000215], "timestamp": "2026-03-01 10:00:00Z",
                         "trace_id": "0000aaaa-11bb-cccc-dd22-eeeeee333333",
                         "correlation_id": "aaaa0000-bb11-2222-33cc-444444dddddd",
                         "error_uri": "https://login.microsoftonline.com/error?code=7000215"}""")));

        assertThatThrownBy(() -> builder().build().present(ChallengeRecord.of("example.com", FQDN, VALUE)))
                .isInstanceOfSatisfying(DnsProviderException.class, e -> {
                    assertThat(e.isAuthenticationFailure()).isTrue();
                    assertThat(e.getMessage()).contains("invalid_client: AADSTS7000215").doesNotContain(SECRET);
                });
    }

    @Test
    void aResourceGroupAndZoneNameAreUsedDirectly() {
        String zone = "/subscriptions/" + SUB + "/resourceGroups/rg1/providers/Microsoft.Network/dnsZones/example.com";
        server.stubFor(get(urlPathEqualTo(zone)).willReturn(okJson("""
                {"id": "%s", "name": "example.com", "type": "Microsoft.Network/dnsZones", "location": "global",
                 "properties": {"zoneType": "Public"}}""".formatted(zone))));
        stubSet();

        AzureDnsProvider provider = builder().resourceGroup("rg1").zoneName("example.com").build();
        provider.present(ChallengeRecord.of("www.example.com", FQDN, VALUE));
        provider.present(ChallengeRecord.of("www.example.com", FQDN, OTHER));

        server.verify(1, getRequestedFor(urlEqualTo(zone + "?api-version=2018-05-01")));
        server.verify(0, getRequestedFor(urlPathEqualTo(ZONES)));
        assertThat(provider.toString()).contains("resourceGroup=rg1", "zone=example.com", CLIENT)
                .doesNotContain(SECRET, TOKEN);
    }

    @Test
    void theEnvironmentChoosesTheCloudsResourceManagerAndScope() {
        AzureDnsProvider china = AzureDnsProvider.builder().servicePrincipal(TENANT, CLIENT, SECRET).subscriptionId(SUB)
                .environment("china").build();
        assertThat(china.toString()).contains("baseUrl=https://management.chinacloudapi.cn");
        server.stubFor(get(urlPathEqualTo(ZONES)).willReturn(okJson("{\"value\": []}")));

        builder().environment("usgovernment").build().zones();

        server.verify(postRequestedFor(urlEqualTo("/" + TENANT + "/oauth2/v2.0/token")).withRequestBody(
                com.github.tomakehurst.wiremock.client.WireMock.containing(
                        "scope=https%3A%2F%2Fmanagement.usgovcloudapi.net%2F.default")));
        assertThatThrownBy(() -> AzureDnsProvider.builder().environment("germany"))
                .hasMessageContaining("public, china or usgovernment");
    }

    @Test
    void zoneListerFollowsNextLink() {
        server.stubFor(get(urlEqualTo(ZONES + "?api-version=2018-05-01")).willReturn(okJson("""
                {"value": [{"id": "/subscriptions/%s/resourceGroups/rg1/providers/Microsoft.Network/dnsZones/example.com",
                            "name": "example.com"}],
                 "nextLink": "https://management.azure.com/subscriptions/%s/providers/Microsoft.Network/dnszones?api-version=2018-05-01&%%24skipToken=eyJuZXh0IjoxfQ%%3D%%3D"}"""
                .formatted(SUB, SUB))));
        server.stubFor(get(urlEqualTo(ZONES + "?api-version=2018-05-01&%24skipToken=eyJuZXh0IjoxfQ%3D%3D"))
                .willReturn(okJson("""
                        {"value": [{"id": "/subscriptions/%s/resourceGroups/rg2/providers/Microsoft.Network/dnsZones/Example.ORG",
                                    "name": "Example.ORG"}]}""".formatted(SUB))));

        assertThat(builder().build().zones()).containsExactly("example.com", "example.org");
    }
}
