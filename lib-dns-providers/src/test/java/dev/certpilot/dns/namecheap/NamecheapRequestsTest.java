package dev.certpilot.dns.namecheap;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
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
 * The exact requests {@link NamecheapDnsProvider} sends, against stubs copied from Namecheap's API documentation:
 * <ul>
 *   <li>global parameters and errors: https://www.namecheap.com/support/api/global-parameters/</li>
 *   <li>domains.dns.getHosts: https://www.namecheap.com/support/api/methods/domains-dns/get-hosts/</li>
 *   <li>domains.dns.setHosts: https://www.namecheap.com/support/api/methods/domains-dns/set-hosts/</li>
 * </ul>
 */
class NamecheapRequestsTest {

    private static final String USER = "apiexample";
    private static final String KEY = "56b4c87ef4fd49cb96d915c0db68194";
    private static final String IP = "192.168.1.109";
    private static final String VALUE = "ADw2sEd82DUgXcQ9hNBZThJs7zVJkR5v9JeSbAb9mZY";
    private static final String GLOBALS = "ApiUser=" + USER + "&ApiKey=" + KEY + "&UserName=" + USER + "&ClientIp=" + IP;

    private final WireMockServer server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    private final RecordingSleeper sleeper = new RecordingSleeper();

    @BeforeEach
    void start() {
        server.start();
        server.stubFor(get(urlPathEqualTo("/xml.response")).willReturn(xml("""
                <?xml version="1.0" encoding="UTF-8"?>
                <ApiResponse xmlns="http://api.namecheap.com/xml.response" Status="OK">
                  <Errors />
                  <RequestedCommand>namecheap.domains.dns.getHosts</RequestedCommand>
                  <CommandResponse Type="namecheap.domains.dns.getHosts">
                    <DomainDNSGetHostsResult Domain="domain.com" EmailType="MX" IsUsingOurDNS="true">
                      <host HostId="12" Name="@" Type="A" Address="1.2.3.4" MXPref="10" TTL="1800" />
                      <host HostId="14" Name="www" Type="A" Address="122.23.3.7" MXPref="10" TTL="1800" />
                      <host HostId="15" Name="@" Type="MX" Address="mx.domain.com." MXPref="20" TTL="3600" />
                      <host HostId="16" Name="@" Type="CAA" Address="0 issue &quot;letsencrypt.org&quot;" MXPref="10" TTL="1800" />
                    </DomainDNSGetHostsResult>
                  </CommandResponse>
                  <Server>SERVER-NAME</Server>
                  <GMTTimeDifference>+5</GMTTimeDifference>
                  <ExecutionTime>32.76</ExecutionTime>
                </ApiResponse>
                """)));
        server.stubFor(post(urlPathEqualTo("/xml.response")).willReturn(xml("""
                <?xml version="1.0" encoding="UTF-8"?>
                <ApiResponse xmlns="http://api.namecheap.com/xml.response" Status="OK">
                  <Errors />
                  <RequestedCommand>namecheap.domains.dns.setHosts</RequestedCommand>
                  <CommandResponse Type="namecheap.domains.dns.setHosts">
                    <DomainDNSSetHostsResult Domain="domain.com" IsSuccess="true" />
                  </CommandResponse>
                  <Server>SERVER-NAME</Server>
                  <GMTTimeDifference>+5</GMTTimeDifference>
                  <ExecutionTime>32.76</ExecutionTime>
                </ApiResponse>
                """)));
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder xml(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "text/xml").withBody(body);
    }

    private NamecheapDnsProvider.Builder builder() {
        return NamecheapDnsProvider.builder().credentials(USER, KEY).baseUrl(server.baseUrl()).sleeper(sleeper);
    }

    @Test
    void presentReadsAllHostsAndWritesThemBackWithTheNewTxtRecord() {
        builder().clientIp(IP).build().present(ChallengeRecord.of("domain.com", "_acme-challenge.www.domain.com", VALUE));

        server.verify(getRequestedFor(urlEqualTo("/xml.response?" + GLOBALS
                + "&Command=namecheap.domains.dns.getHosts&SLD=domain&TLD=com")));
        server.verify(1, postRequestedFor(urlEqualTo("/xml.response"))
                .withHeader("Content-Type", equalTo("application/x-www-form-urlencoded"))
                .withRequestBody(equalTo(GLOBALS + "&Command=namecheap.domains.dns.setHosts&SLD=domain&TLD=com"
                        + "&EmailType=MX"
                        + "&HostName1=%40&RecordType1=A&Address1=1.2.3.4&MXPref1=10&TTL1=1800"
                        + "&HostName2=www&RecordType2=A&Address2=122.23.3.7&MXPref2=10&TTL2=1800"
                        + "&HostName3=%40&RecordType3=MX&Address3=mx.domain.com.&MXPref3=20&TTL3=3600"
                        + "&HostName4=%40&RecordType4=CAA&Address4=0+issue+%22letsencrypt.org%22&MXPref4=10&TTL4=1800"
                        + "&HostName5=_acme-challenge.www&RecordType5=TXT&Address5=" + VALUE + "&MXPref5=10&TTL5=60")));
    }

    @Test
    void cleanupOfAValueNotThereWritesNothing() {
        builder().clientIp(IP).build().cleanup(ChallengeRecord.of("domain.com", "_acme-challenge.domain.com", VALUE));
        server.verify(0, postRequestedFor(urlPathEqualTo("/xml.response")));
    }

    @Test
    void theClientAddressIsAskedOnceWhenNotGiven() {
        server.stubFor(get("/getip").willReturn(aResponse().withStatus(200).withBody(IP + "\n")));
        NamecheapDnsProvider provider = builder().clientIpUrl(server.baseUrl() + "/getip").build();

        provider.present(ChallengeRecord.of("domain.com", "_acme-challenge.domain.com", VALUE));
        provider.cleanup(ChallengeRecord.of("domain.com", "_acme-challenge.domain.com", "other-" + VALUE));

        server.verify(1, getRequestedFor(urlEqualTo("/getip")));
        server.verify(getRequestedFor(urlPathEqualTo("/xml.response")).withQueryParam("ClientIp", equalTo(IP)));
        assertThat(provider.toString()).contains("clientIp=detected").doesNotContain(KEY);
    }

    @Test
    void theDomainIsSplitIntoSldAndTldAtItsFirstDot() {
        builder().clientIp(IP).build().cleanup(ChallengeRecord.of("example.co.uk", "_acme-challenge.example.co.uk",
                VALUE));
        server.verify(getRequestedFor(urlPathEqualTo("/xml.response")).withQueryParam("SLD", equalTo("example"))
                .withQueryParam("TLD", equalTo("co.uk")));
    }

    @Test
    void aRefusedKeyIsAnAuthenticationFailureWithoutTheKey() {
        server.stubFor(get(urlPathEqualTo("/xml.response")).willReturn(xml("""
                <?xml version="1.0" encoding="utf-8"?>
                <ApiResponse Status="ERROR" xmlns="http://api.namecheap.com/xml.response">
                  <Errors>
                    <Error Number="1011102">API Key is invalid or API access has not been enabled</Error>
                  </Errors>
                  <Warnings />
                  <RequestedCommand />
                  <Server>PHX01SBAPI01</Server>
                  <GMTTimeDifference>--5:00</GMTTimeDifference>
                  <ExecutionTime>0</ExecutionTime>
                </ApiResponse>
                """)));

        assertThatThrownBy(() -> builder().clientIp(IP).build().present(ChallengeRecord.of("domain.com",
                "_acme-challenge.domain.com", VALUE))).isInstanceOfSatisfying(DnsProviderException.class, e -> {
                    assertThat(e.isAuthenticationFailure()).isTrue();
                    assertThat(e.getMessage()).contains("1011102: API Key is invalid").doesNotContain(KEY);
                });
    }

    @Test
    void theSandboxHasItsOwnHost() {
        assertThat(NamecheapDnsProvider.builder().credentials(USER, KEY).sandbox(true).clientIp(IP).build().toString())
                .contains("baseUrl=https://api.sandbox.namecheap.com");
        assertThatThrownBy(() -> NamecheapDnsProvider.builder().clientIp("2001:db8::1"))
                .hasMessageContaining("IPv4");
    }
}
