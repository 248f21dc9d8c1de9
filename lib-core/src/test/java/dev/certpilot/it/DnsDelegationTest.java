package dev.certpilot.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.certpilot.CertificateHandle;
import dev.certpilot.CertificateManager;
import dev.certpilot.CertificateRequest;
import dev.certpilot.CertpilotException;
import dev.certpilot.ErrorCode;
import dev.certpilot.ManagedCertificate;
import dev.certpilot.PropagationSettings;
import dev.certpilot.acme.AcmeIssuer;
import dev.certpilot.testca.TestCa;
import dev.certpilot.testca.TestDnsServer;
import dev.certpilot.testing.ManualScheduler;
import dev.certpilot.testing.MutableClock;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * DNS-01 where the challenge name is not simply in the certificate name's zone, against the bundled CA (which
 * follows CNAMEs and NS delegations when it validates, as real CAs do):
 * <ul>
 *   <li>acme-dns style: {@code _acme-challenge.<name>} is a CNAME into another zone; the record is written at the
 *       target, and only when the target's zone is configured;</li>
 *   <li>an NS-delegated {@code _acme-challenge} subzone served by other nameservers: the record is written there
 *       and the propagation check asks those servers, the ones really authoritative for the name.</li>
 * </ul>
 */
class DnsDelegationTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final List<AutoCloseable> resources = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
    }

    private <T extends AutoCloseable> T keep(T resource) {
        resources.add(resource);
        return resource;
    }

    @Test
    void cnameToAnotherConfiguredZoneIsFollowedAndWrittenAtTheTarget() {
        TestCa ca = keep(TestCa.builder().noManagement().start());
        ca.dns().setCname("_acme-challenge.app.example.test", "d2f8a1.auth.acme-dns.test");
        EnvironmentDnsProvider owner = new EnvironmentDnsProvider(ca.dns());
        EnvironmentDnsProvider acmeDns = new EnvironmentDnsProvider(ca.dns());
        CertificateManager m = keep(CertificateManager.builder()
                .issuer(issuer(ca))
                .dns("example.test", owner)
                .dns("acme-dns.test", acmeDns)
                .propagation(PropagationSettings.builder().resolver(ca.dnsAddress()).nameservers(ca.dnsAddress())
                        .interval(Duration.ofMillis(10), Duration.ofMillis(100)).build())
                .build());
        m.start();

        ManagedCertificate cert = m.request(CertificateRequest.forDomains("app.example.test").build())
                .awaitIssued(TIMEOUT);

        assertThat(cert.names()).containsExactly("app.example.test");
        assertThat(owner.calls).isEmpty();
        assertThat(acmeDns.calls).hasSize(2).allMatch(c -> c.contains(" d2f8a1.auth.acme-dns.test "));
        assertThat(ca.dns().txt("d2f8a1.auth.acme-dns.test")).isEmpty();
    }

    @Test
    void cnameIntoAZoneThatIsNotConfiguredIsRefusedBeforeOrdering() {
        TestCa ca = keep(TestCa.builder().noManagement().start());
        ca.dns().setCname("_acme-challenge.app.example.test", "evil.attacker.test");
        CertificateManager m = keep(CertificateManager.builder()
                .issuer(issuer(ca))
                .dns("example.test", new EnvironmentDnsProvider(ca.dns()))
                .propagation(PropagationSettings.builder().resolver(ca.dnsAddress()).nameservers(ca.dnsAddress())
                        .build())
                .build());
        m.start();
        assertThatThrownBy(() -> m.request(CertificateRequest.forDomains("app.example.test").build()))
                .isInstanceOfSatisfying(CertpilotException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.DOMAIN_NOT_IN_ZONE);
                    assertThat(e.getMessage()).contains("evil.attacker.test");
                });
        assertThat(ca.events().all()).noneMatch(e -> e.type() == dev.certpilot.testca.CaEvent.Type.ORDER_CREATED);
    }

    @Test
    void delegatedChallengeSubzoneIsWrittenAndCheckedAtItsOwnNameservers() {
        Delegation d = delegation();
        EnvironmentDnsProvider parent = new EnvironmentDnsProvider(d.ca.dns());
        EnvironmentDnsProvider child = new EnvironmentDnsProvider(d.child);
        CertificateManager m = keep(CertificateManager.builder()
                .issuer(issuer(d.ca))
                .dns("example.test", parent)
                .dns("_acme-challenge.app.example.test", child)
                // no fixed nameservers: the authoritative servers are discovered from the resolver (the parent)
                .propagation(PropagationSettings.builder().resolver(d.ca.dnsAddress())
                        .nameserverPort(d.port).interval(Duration.ofMillis(10), Duration.ofMillis(100)).build())
                .build());
        m.start();

        ManagedCertificate cert = m.request(CertificateRequest.forDomains("app.example.test", "www.example.test")
                .build()).awaitIssued(TIMEOUT);

        assertThat(cert.names()).containsExactly("app.example.test", "www.example.test");
        assertThat(child.calls).filteredOn(c -> c.startsWith("present"))
                .singleElement().asString().contains(" _acme-challenge.app.example.test ");
        assertThat(parent.calls).filteredOn(c -> c.startsWith("present"))
                .singleElement().asString().contains(" _acme-challenge.www.example.test ");
        assertThat(d.child.txt("_acme-challenge.app.example.test")).isEmpty();
    }

    @Test
    void recordWrittenIntoTheParentOfADelegatedSubzoneIsNeverSeenAndNoChallengeIsWasted() throws Exception {
        Delegation d = delegation();
        MutableClock clock = new MutableClock(Instant.now());
        ExecutorService executor = Executors.newFixedThreadPool(4);
        resources.add(executor::shutdownNow);
        ManualScheduler scheduler = new ManualScheduler(clock, executor);
        // misconfiguration: the parent's provider is used for the delegated name, as a client would that asks the
        // parent's servers (lego does); certpilot asks the child's servers and never sees the record
        CertificateManager m = keep(CertificateManager.builder()
                .issuer(issuer(d.ca))
                .dns("example.test", new EnvironmentDnsProvider(d.ca.dns()))
                .propagation(PropagationSettings.builder().resolver(d.ca.dnsAddress()).nameserverPort(d.port)
                        .timeout(Duration.ofMinutes(10)).build())
                .clock(clock)
                .scheduler(scheduler)
                .build());
        m.start();
        CertificateHandle h = m.request(CertificateRequest.forDomains("app.example.test").build());

        // let the job publish and start polling, then move time past the propagation timeout
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!h.future().isDone()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the job never timed out");
            }
            scheduler.advance(Duration.ofSeconds(30));
            Thread.sleep(2);
        }
        assertThatThrownBy(() -> h.awaitIssued(TIMEOUT)).isInstanceOfSatisfying(CertpilotException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.DNS_PROPAGATION_TIMEOUT);
            assertThat(e.getMessage()).contains("127.0.0.2");
        });
        assertThat(d.ca.events().all()).noneMatch(
                e -> e.type() == dev.certpilot.testca.CaEvent.Type.CHALLENGE_FAILED);
        assertThat(d.ca.dns().txt("_acme-challenge.app.example.test")).isEmpty();
    }

    /** A parent zone on 127.0.0.1:P (the CA's DNS) delegating the challenge subzone to a server on 127.0.0.2:P. */
    private Delegation delegation() {
        int port = portFreeOnBoth();
        TestCa ca = keep(TestCa.builder().noManagement()
                .dns(TestDnsServer.builder().address("127.0.0.1").port(port).noManagement().zone("example.test"))
                .start());
        TestDnsServer child = keep(TestDnsServer.builder().address("127.0.0.2").port(port).noManagement()
                .zone("_acme-challenge.app.example.test").start());
        ca.dns().addDelegation("_acme-challenge.app.example.test", "ns.child-dns.test", "127.0.0.2");
        return new Delegation(ca, child, port);
    }

    private record Delegation(TestCa ca, TestDnsServer child, int port) {
    }

    private static AcmeIssuer issuer(TestCa ca) {
        return AcmeIssuer.at(ca.directoryUrl()).name("test-ca").trustStore(ca.trustStore()).agreeToTermsOfService()
                .build();
    }

    /** A port free for UDP and TCP on both 127.0.0.1 and 127.0.0.2 (NS records carry no port). */
    private static int portFreeOnBoth() {
        for (int attempt = 0; attempt < 50; attempt++) {
            try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
                int port = probe.getLocalPort();
                try (DatagramSocket u1 = new DatagramSocket(new InetSocketAddress("127.0.0.1", port));
                     DatagramSocket u2 = new DatagramSocket(new InetSocketAddress("127.0.0.2", port));
                     ServerSocket t2 = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.2"))) {
                    return port;
                }
            } catch (java.io.IOException taken) {
                // try another
            }
        }
        throw new IllegalStateException("no port free on both 127.0.0.1 and 127.0.0.2");
    }
}
