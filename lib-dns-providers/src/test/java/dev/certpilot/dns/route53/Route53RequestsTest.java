package dev.certpilot.dns.route53;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToXml;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.certpilot.ErrorCode;
import dev.certpilot.dns.internal.Secret;
import dev.certpilot.dns.testing.RecordingSleeper;
import dev.certpilot.spi.ChallengeRecord;
import dev.certpilot.spi.DnsProviderException;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The exact requests {@link Route53DnsProvider} sends, against stubs copied from the Route 53 API reference
 * (version 2013-04-01):
 * <ul>
 *   <li>ListHostedZonesByName: https://docs.aws.amazon.com/Route53/latest/APIReference/API_ListHostedZonesByName.html</li>
 *   <li>ListHostedZones: https://docs.aws.amazon.com/Route53/latest/APIReference/API_ListHostedZones.html</li>
 *   <li>ListResourceRecordSets: https://docs.aws.amazon.com/Route53/latest/APIReference/API_ListResourceRecordSets.html</li>
 *   <li>ChangeResourceRecordSets: https://docs.aws.amazon.com/Route53/latest/APIReference/API_ChangeResourceRecordSets.html</li>
 *   <li>GetChange: https://docs.aws.amazon.com/Route53/latest/APIReference/API_GetChange.html</li>
 *   <li>errors and throttling: https://docs.aws.amazon.com/Route53/latest/APIReference/CommonErrors.html and
 *       https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/DNSLimitations.html#limits-api-requests</li>
 *   <li>signing: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv4-create-signed-request.html</li>
 * </ul>
 */
class Route53RequestsTest {

    private static final String KEY_ID = "AKIAIOSFODNN7EXAMPLE";
    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    private static final String ZONE = "Z1D633PJN98FT9";
    private static final String FQDN = "_acme-challenge.www.example.com";
    private static final String VALUE = "ADw2sEd82DUgXcQ9hNBZThJs7zVJkR5v9JeSbAb9mZY";
    private static final String OTHER = "9XK0hxW5o3Xr8bL6GgI5g6GSbhzSi6H0G1eb0nUShcA";
    private static final String NS = "https://route53.amazonaws.com/doc/2013-04-01/";
    private static final String RRSET = "/2013-04-01/hostedzone/" + ZONE + "/rrset";

    private final WireMockServer server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    private final RecordingSleeper sleeper = new RecordingSleeper();

    @BeforeEach
    void start() {
        server.start();
        server.stubFor(get(urlPathEqualTo("/2013-04-01/hostedzonesbyname")).willReturn(xml("""
                <?xml version="1.0" encoding="UTF-8"?>
                <ListHostedZonesByNameResponse xmlns="https://route53.amazonaws.com/doc/2013-04-01/">
                   <HostedZones>
                      <HostedZone>
                         <Id>/hostedzone/Z2PRIVATE00001</Id>
                         <Name>example.com.</Name>
                         <CallerReference>MyUniqueIdentifier1</CallerReference>
                         <Config>
                            <Comment>The private view.</Comment>
                            <PrivateZone>true</PrivateZone>
                         </Config>
                         <ResourceRecordSetCount>7</ResourceRecordSetCount>
                      </HostedZone>
                      <HostedZone>
                         <Id>/hostedzone/%s</Id>
                         <Name>example.com.</Name>
                         <CallerReference>MyUniqueIdentifier2</CallerReference>
                         <Config>
                            <Comment>This is my first hosted zone.</Comment>
                            <PrivateZone>false</PrivateZone>
                         </Config>
                         <ResourceRecordSetCount>17</ResourceRecordSetCount>
                      </HostedZone>
                   </HostedZones>
                   <DNSName>example.com</DNSName>
                   <IsTruncated>false</IsTruncated>
                   <MaxItems>100</MaxItems>
                </ListHostedZonesByNameResponse>
                """.formatted(ZONE))));
        server.stubFor(post(urlEqualTo(RRSET + "/")).willReturn(xml(changeInfo("C2682N5HXP0BZ4", "PENDING"))));
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    private Route53DnsProvider.Builder builder() {
        return Route53DnsProvider.builder().credentials(KEY_ID, SECRET).baseUrl(server.baseUrl()).sleeper(sleeper)
                .clock(Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private Route53DnsProvider provider() {
        return builder().build();
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder xml(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "text/xml").withBody(body);
    }

    private static String changeInfo(String id, String status) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <ChangeResourceRecordSetsResponse xmlns="https://route53.amazonaws.com/doc/2013-04-01/">
                   <ChangeInfo>
                      <Comment>certpilot dns-01</Comment>
                      <Id>/change/%s</Id>
                      <Status>%s</Status>
                      <SubmittedAt>2026-03-01T10:00:00.000Z</SubmittedAt>
                   </ChangeInfo>
                </ChangeResourceRecordSetsResponse>
                """.formatted(id, status);
    }

    private void stubSet(String... values) {
        StringBuilder records = new StringBuilder();
        for (String v : values) {
            records.append("<ResourceRecord><Value>\"").append(v).append("\"</Value></ResourceRecord>");
        }
        server.stubFor(get(urlPathEqualTo(RRSET)).willReturn(xml("""
                <?xml version="1.0" encoding="UTF-8"?>
                <ListResourceRecordSetsResponse xmlns="https://route53.amazonaws.com/doc/2013-04-01/">
                   <ResourceRecordSets>
                      <ResourceRecordSet>
                         <Name>_acme-challenge.www.example.com.</Name>
                         <Type>TXT</Type>
                         <TTL>300</TTL>
                         <ResourceRecords>%s</ResourceRecords>
                      </ResourceRecordSet>
                   </ResourceRecordSets>
                   <IsTruncated>true</IsTruncated>
                   <MaxItems>1</MaxItems>
                   <NextRecordName>api.example.com.</NextRecordName>
                   <NextRecordType>A</NextRecordType>
                </ListResourceRecordSetsResponse>
                """.formatted(records))));
    }

    private static String changeBatch(String action, long ttl, String... values) {
        StringBuilder records = new StringBuilder();
        for (String v : values) {
            records.append("<ResourceRecord><Value>\"").append(v).append("\"</Value></ResourceRecord>");
        }
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <ChangeResourceRecordSetsRequest xmlns="https://route53.amazonaws.com/doc/2013-04-01/">
                   <ChangeBatch>
                      <Comment>certpilot dns-01</Comment>
                      <Changes>
                         <Change>
                            <Action>%s</Action>
                            <ResourceRecordSet>
                               <Name>_acme-challenge.www.example.com.</Name>
                               <Type>TXT</Type>
                               <TTL>%d</TTL>
                               <ResourceRecords>%s</ResourceRecords>
                            </ResourceRecordSet>
                         </Change>
                      </Changes>
                   </ChangeBatch>
                </ChangeResourceRecordSetsRequest>
                """.formatted(action, ttl, records);
    }

    /** Recomputes the signature of a request as received and compares it with the one sent. */
    private static void assertSigned(LoggedRequest request) {
        assertThat(request.getHeader("X-Amz-Date")).isEqualTo("20260301T100000Z");
        String authorization = request.getHeader("Authorization");
        assertThat(authorization).startsWith("AWS4-HMAC-SHA256 Credential=" + KEY_ID
                + "/20260301/us-east-1/route53/aws4_request, SignedHeaders=host;x-amz-date, Signature=");
        SigV4Signer signer = new SigV4Signer(KEY_ID, Secret.of(SECRET, "s"), null, "us-east-1", "route53",
                Clock.fixed(NOW, ZoneOffset.UTC));
        URI uri = URI.create("http://" + request.getHeader("Host") + request.getUrl());
        String expected = signer.sign(request.getMethod().getName(), uri, Map.of(), request.getBody(), NOW)
                .signature();
        assertThat(authorization).endsWith("Signature=" + expected);
    }

    @Test
    void presentFindsThePublicZoneReadsTheSetAndUpsertsItWithTheValueAdded() {
        stubSet(OTHER);

        provider().present(ChallengeRecord.of("example.com", FQDN, VALUE));

        server.verify(getRequestedFor(urlEqualTo("/2013-04-01/hostedzonesbyname?dnsname=example.com")));
        server.verify(getRequestedFor(urlEqualTo(RRSET + "?name=_acme-challenge.www.example.com.&type=TXT&maxitems=1")));
        server.verify(1, postRequestedFor(urlEqualTo(RRSET + "/"))
                .withHeader("Content-Type", equalTo("application/xml"))
                .withRequestBody(equalToXml(changeBatch("UPSERT", 60, OTHER, VALUE))));
        server.findAll(com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor(
                com.github.tomakehurst.wiremock.client.WireMock.anyUrl())).forEach(Route53RequestsTest::assertSigned);
    }

    @Test
    void presentOfAValueAlreadyThereChangesNothing() {
        stubSet(OTHER, VALUE);
        Route53DnsProvider provider = provider();
        ChallengeRecord record = ChallengeRecord.of("example.com", FQDN, VALUE);

        provider.present(record);

        server.verify(0, postRequestedFor(urlPathEqualTo(RRSET + "/")));
        assertThat(provider.isInSync(record)).as("no change of ours to wait for").isTrue();
    }

    @Test
    void aSetAtAnotherNameIsNotTheOneToChange() {
        server.stubFor(get(urlPathEqualTo(RRSET)).willReturn(xml("""
                <?xml version="1.0" encoding="UTF-8"?>
                <ListResourceRecordSetsResponse xmlns="https://route53.amazonaws.com/doc/2013-04-01/">
                   <ResourceRecordSets>
                      <ResourceRecordSet>
                         <Name>api.example.com.</Name>
                         <Type>A</Type>
                         <TTL>300</TTL>
                         <ResourceRecords><ResourceRecord><Value>192.0.2.44</Value></ResourceRecord></ResourceRecords>
                      </ResourceRecordSet>
                   </ResourceRecordSets>
                   <IsTruncated>false</IsTruncated>
                   <MaxItems>1</MaxItems>
                </ListResourceRecordSetsResponse>
                """)));

        provider().present(ChallengeRecord.of("example.com", FQDN, VALUE));

        server.verify(postRequestedFor(urlEqualTo(RRSET + "/")).withRequestBody(equalToXml(
                changeBatch("UPSERT", 60, VALUE))));
    }

    @Test
    void cleanupUpsertsTheOtherValuesWithTheSetsTtl() {
        stubSet(OTHER, VALUE);

        provider().cleanup(ChallengeRecord.of("example.com", FQDN, VALUE));

        server.verify(postRequestedFor(urlEqualTo(RRSET + "/")).withRequestBody(equalToXml(
                changeBatch("UPSERT", 300, OTHER))));
    }

    @Test
    void cleanupOfTheLastValueDeletesTheSetExactlyAsItWas() {
        stubSet(VALUE);

        provider().cleanup(ChallengeRecord.of("example.com", FQDN, VALUE));

        server.verify(postRequestedFor(urlEqualTo(RRSET + "/")).withRequestBody(equalToXml(
                changeBatch("DELETE", 300, VALUE))));
    }

    @Test
    void theInSyncCheckAsksGetChangeAboutThePublishingChange() {
        stubSet();
        server.stubFor(get(urlEqualTo("/2013-04-01/change/C2682N5HXP0BZ4")).inScenario("sync")
                .whenScenarioStateIs(Scenario.STARTED).willReturn(xml(changeInfo("C2682N5HXP0BZ4", "PENDING")
                        .replace("ChangeResourceRecordSetsResponse", "GetChangeResponse"))).willSetStateTo("done"));
        server.stubFor(get(urlEqualTo("/2013-04-01/change/C2682N5HXP0BZ4")).inScenario("sync")
                .whenScenarioStateIs("done").willReturn(xml(changeInfo("C2682N5HXP0BZ4", "INSYNC")
                        .replace("ChangeResourceRecordSetsResponse", "GetChangeResponse"))));
        Route53DnsProvider provider = provider();
        ChallengeRecord record = ChallengeRecord.of("example.com", FQDN, VALUE);

        provider.present(record);

        assertThat(provider.isInSync(record)).isFalse();
        assertThat(provider.isInSync(record)).isTrue();
        server.verify(2, getRequestedFor(urlEqualTo("/2013-04-01/change/C2682N5HXP0BZ4")));
    }

    @Test
    void throttlingAnsweredWithHttp400IsRetried() {
        stubSet();
        server.stubFor(post(urlEqualTo(RRSET + "/")).inScenario("throttle").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "text/xml").withBody("""
                        <?xml version="1.0"?>
                        <ErrorResponse xmlns="https://route53.amazonaws.com/doc/2013-04-01/">
                          <Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error>
                          <RequestId>2d5f6a0e-3b11-4c9a-8a8e-6c1f0f0d9a21</RequestId>
                        </ErrorResponse>
                        """)).willSetStateTo("ok"));
        server.stubFor(post(urlEqualTo(RRSET + "/")).inScenario("throttle").whenScenarioStateIs("ok")
                .willReturn(xml(changeInfo("C2682N5HXP0BZ4", "PENDING"))));

        provider().present(ChallengeRecord.of("example.com", FQDN, VALUE));

        server.verify(2, postRequestedFor(urlEqualTo(RRSET + "/")));
        assertThat(sleeper.sleeps()).hasSize(1);
    }

    @Test
    void aRefusedChangeBatchIsReadAgainAndThenReportedWithRoute53sMessages() {
        stubSet(VALUE);
        server.stubFor(post(urlEqualTo(RRSET + "/")).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "text/xml").withBody("""
                        <?xml version="1.0" encoding="UTF-8"?>
                        <InvalidChangeBatch xmlns="https://route53.amazonaws.com/doc/2013-04-01/">
                          <Messages>
                            <Message>Tried to delete resource record set [name='_acme-challenge.www.example.com.', type='TXT'] but the values provided do not match the current values</Message>
                          </Messages>
                          <RequestId>b25f48e8-84fd-11e6-80d9-574e0c4664cb</RequestId>
                        </InvalidChangeBatch>
                        """)));

        assertThatThrownBy(() -> provider().cleanup(ChallengeRecord.of("example.com", FQDN, VALUE)))
                .isInstanceOfSatisfying(DnsProviderException.class, e -> {
                    assertThat(e.httpStatus()).hasValue(400);
                    assertThat(e.getMessage()).contains("InvalidChangeBatch",
                            "the values provided do not match the current values");
                });
        server.verify(3, getRequestedFor(urlPathEqualTo(RRSET)));
        server.verify(3, postRequestedFor(urlEqualTo(RRSET + "/")));
        assertThat(sleeper.sleeps()).as("a refused batch is not an HTTP retry").isEmpty();
    }

    @Test
    void aWrongSecretIsAnAuthenticationFailureWithoutTheSecret() {
        server.stubFor(get(urlPathEqualTo("/2013-04-01/hostedzonesbyname")).willReturn(aResponse().withStatus(403)
                .withHeader("Content-Type", "text/xml").withBody("""
                        <?xml version="1.0"?>
                        <ErrorResponse xmlns="https://route53.amazonaws.com/doc/2013-04-01/">
                          <Error><Type>Sender</Type><Code>SignatureDoesNotMatch</Code><Message>The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.</Message></Error>
                          <RequestId>c8bc2e2f-0e0c-4d86-8a3b-0c7c3d39d9b4</RequestId>
                        </ErrorResponse>
                        """)));

        assertThatThrownBy(() -> provider().present(ChallengeRecord.of("example.com", FQDN, VALUE)))
                .isInstanceOfSatisfying(DnsProviderException.class, e -> {
                    assertThat(e.isAuthenticationFailure()).isTrue();
                    assertThat(e.getMessage()).contains("SignatureDoesNotMatch").doesNotContain(SECRET);
                });
    }

    @Test
    void aGivenHostedZoneIdAndSessionTokenSkipTheLookupAndSignTheToken() {
        stubSet();
        Route53DnsProvider provider = builder().hostedZoneId("/hostedzone/" + ZONE).sessionToken("FwoGZXIvYXdzE-token")
                .build();

        provider.present(ChallengeRecord.of("example.com", FQDN, VALUE));

        server.verify(0, getRequestedFor(urlPathEqualTo("/2013-04-01/hostedzonesbyname")));
        server.verify(postRequestedFor(urlEqualTo(RRSET + "/"))
                .withHeader("X-Amz-Security-Token", equalTo("FwoGZXIvYXdzE-token"))
                .withHeader("Authorization", matching(".*SignedHeaders=host;x-amz-date;x-amz-security-token, .*")));
        assertThat(provider.toString()).contains("hostedZoneId=" + ZONE).doesNotContain("FwoGZXIvYXdzE-token", SECRET);
    }

    @Test
    void privateZonesAreUsedOnlyWhenAskedFor() {
        String privateRrset = "/2013-04-01/hostedzone/Z2PRIVATE00001/rrset";
        server.stubFor(get(urlPathEqualTo(privateRrset)).willReturn(xml("""
                <?xml version="1.0" encoding="UTF-8"?>
                <ListResourceRecordSetsResponse xmlns="https://route53.amazonaws.com/doc/2013-04-01/">
                   <ResourceRecordSets/><IsTruncated>false</IsTruncated><MaxItems>1</MaxItems>
                </ListResourceRecordSetsResponse>
                """)));
        server.stubFor(post(urlEqualTo(privateRrset + "/")).willReturn(xml(changeInfo("C1", "PENDING"))));
        builder().privateZone(true).build().present(ChallengeRecord.of("example.com", FQDN, VALUE));
        server.verify(postRequestedFor(urlEqualTo("/2013-04-01/hostedzone/Z2PRIVATE00001/rrset/")));
    }

    @Test
    void theRegionChoosesThePartitionsEndpointAndSigningRegion() {
        assertThat(Route53DnsProvider.builder().credentials(KEY_ID, SECRET).region("cn-north-1").build().toString())
                .contains("baseUrl=https://route53.amazonaws.com.cn", "region=cn-northwest-1");
        assertThat(Route53DnsProvider.builder().credentials(KEY_ID, SECRET).region("us-gov-east-1").build().toString())
                .contains("baseUrl=https://route53.us-gov.amazonaws.com", "region=us-gov-west-1");
        assertThat(Route53DnsProvider.builder().credentials(KEY_ID, SECRET).region("eu-west-1").build().toString())
                .contains("baseUrl=https://route53.amazonaws.com", "region=us-east-1");
        assertThatThrownBy(() -> Route53DnsProvider.builder().region("Frankfurt"))
                .hasMessageContaining("region");
        assertThatThrownBy(() -> Route53DnsProvider.builder().build())
                .isInstanceOfSatisfying(dev.certpilot.CertpilotException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST));
    }

    @Test
    void zoneListerReadsEveryPageOfHostedZones() {
        server.stubFor(get(urlEqualTo("/2013-04-01/hostedzone?maxitems=100")).willReturn(xml("""
                <?xml version="1.0" encoding="UTF-8"?>
                <ListHostedZonesResponse xmlns="https://route53.amazonaws.com/doc/2013-04-01/">
                   <HostedZones>
                      <HostedZone><Id>/hostedzone/Z1</Id><Name>example.com.</Name><CallerReference>a</CallerReference>
                         <Config><PrivateZone>false</PrivateZone></Config><ResourceRecordSetCount>2</ResourceRecordSetCount></HostedZone>
                      <HostedZone><Id>/hostedzone/Z2</Id><Name>internal.example.</Name><CallerReference>b</CallerReference>
                         <Config><PrivateZone>true</PrivateZone></Config><ResourceRecordSetCount>2</ResourceRecordSetCount></HostedZone>
                   </HostedZones>
                   <IsTruncated>true</IsTruncated>
                   <NextMarker>Z3</NextMarker>
                   <MaxItems>100</MaxItems>
                </ListHostedZonesResponse>
                """)));
        server.stubFor(get(urlEqualTo("/2013-04-01/hostedzone?marker=Z3&maxitems=100")).willReturn(xml("""
                <?xml version="1.0" encoding="UTF-8"?>
                <ListHostedZonesResponse xmlns="https://route53.amazonaws.com/doc/2013-04-01/">
                   <HostedZones>
                      <HostedZone><Id>/hostedzone/Z3</Id><Name>Example.ORG.</Name><CallerReference>c</CallerReference>
                         <Config><PrivateZone>false</PrivateZone></Config><ResourceRecordSetCount>2</ResourceRecordSetCount></HostedZone>
                   </HostedZones>
                   <Marker>Z3</Marker>
                   <IsTruncated>false</IsTruncated>
                   <MaxItems>100</MaxItems>
                </ListHostedZonesResponse>
                """)));

        assertThat(provider().zones()).containsExactly("example.com", "example.org");
    }

    @Test
    void octalEscapesInNamesAreRead() {
        assertThat(Route53Api.unescape("\\052.example.com.")).isEqualTo("*.example.com.");
        assertThat(Route53Api.unescape("_acme-challenge.example.com.")).isEqualTo("_acme-challenge.example.com.");
    }
}
