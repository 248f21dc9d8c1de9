package dev.certpilot.internal.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.certpilot.CertpilotException;
import dev.certpilot.ErrorCode;
import dev.certpilot.spi.ChallengeRecord;
import dev.certpilot.testca.TestDnsServer;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Zone discovery, CNAME chains and propagation checks against a real authoritative DNS server on loopback. */
class AuthorityTest {

    private TestDnsServer dns;
    private DnsClient client;
    private Authority authority;

    @BeforeEach
    void start() {
        dns = TestDnsServer.builder().noManagement().zone("example.test").zone("sub.example.test").start();
        client = new DnsClient(Duration.ofSeconds(2));
        authority = new Authority(client, dns.address(), dns.port());
    }

    @AfterEach
    void stop() {
        dns.close();
    }

    @Test
    void zoneOfANameIsTheClosestEnclosingZoneWithItsServers() {
        ZoneServers z = authority.zoneOf("_acme-challenge.www.example.test");
        assertThat(z.zone()).isEqualTo("example.test");
        assertThat(z.servers()).containsExactly(new InetSocketAddress("127.0.0.1", dns.port()));
        assertThat(authority.zoneOf("example.test").zone()).isEqualTo("example.test");
        assertThat(authority.zoneOf("a.b.sub.example.test").zone()).isEqualTo("sub.example.test");
    }

    @Test
    void nameInNoZoneIsZoneNotFound() {
        assertThatThrownBy(() -> authority.zoneOf("www.nowhere.invalid"))
                .isInstanceOfSatisfying(CertpilotException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.ZONE_NOT_FOUND));
    }

    @Test
    void serverFailureIsZoneNotFoundNamingTheAnswer() {
        dns.setServfail("_acme-challenge.broken.example.test", true);
        assertThatThrownBy(() -> authority.zoneOf("_acme-challenge.broken.example.test"))
                .isInstanceOfSatisfying(CertpilotException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.ZONE_NOT_FOUND);
                    assertThat(e.getMessage()).contains("SERVFAIL");
                });
    }

    @Test
    void unreachableResolverIsZoneNotFound() throws Exception {
        int closed;
        try (java.net.DatagramSocket s = new java.net.DatagramSocket(0)) {
            closed = s.getLocalPort();
        }
        Authority nobody = new Authority(new DnsClient(Duration.ofMillis(200)),
                new InetSocketAddress("127.0.0.1", closed), 53);
        assertThatThrownBy(() -> nobody.zoneOf("www.example.test")).isInstanceOfSatisfying(CertpilotException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.ZONE_NOT_FOUND));
    }

    @Test
    void cnameChainsAreFollowedToTheEnd() {
        dns.setCname("_acme-challenge.a.example.test", "hop.example.test");
        dns.setCname("hop.example.test", "final.sub.example.test");
        assertThat(authority.cnameTarget("_acme-challenge.a.example.test")).contains("final.sub.example.test");
        assertThat(authority.cnameTarget("_acme-challenge.plain.example.test")).isEmpty();
    }

    @Test
    void cnameLoopIsRefused() {
        dns.setCname("_acme-challenge.loop.example.test", "x.example.test");
        dns.setCname("x.example.test", "_acme-challenge.loop.example.test");
        assertThatThrownBy(() -> authority.cnameTarget("_acme-challenge.loop.example.test"))
                .isInstanceOfSatisfying(CertpilotException.class, e -> assertThat(e.getMessage()).contains("loop"));
    }

    @Test
    void propagationCheckReportsMissingValuesUntilEveryValueIsVisible() {
        ChallengeRecord apex = ChallengeRecord.of("example.test", "_acme-challenge.example.test", "value-one");
        ChallengeRecord wildcard = ChallengeRecord.of("example.test", "_acme-challenge.example.test", "value-two");
        PropagationCheck check = new PropagationCheck(client, authority, List.of(apex, wildcard), List.of(), List.of());
        assertThat(check.pending()).singleElement().asString().contains("NXDOMAIN");
        dns.addTxt(apex.fqdn(), apex.value());
        assertThat(check.pending()).singleElement().asString().contains("missing 1 of 2");
        dns.addTxt(wildcard.fqdn(), wildcard.value());
        dns.addTxt(wildcard.fqdn(), "someone-elses-value");
        assertThat(check.pending()).isEmpty();
        assertThat(check.names()).isEqualTo(1);
    }

    @Test
    void largeTxtSetsAreReadOverTcp() {
        PropagationCheck check;
        List<ChallengeRecord> records = new java.util.ArrayList<>();
        for (int i = 0; i < 60; i++) {
            String value = String.format("%043d", i);
            records.add(ChallengeRecord.of("example.test", "_acme-challenge.big.example.test", value));
            dns.addTxt("_acme-challenge.big.example.test", value);
        }
        check = new PropagationCheck(client, authority, records, List.of(), List.of());
        assertThat(check.pending()).isEmpty();
    }
}
