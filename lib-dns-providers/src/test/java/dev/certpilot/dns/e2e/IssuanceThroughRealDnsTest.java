package dev.certpilot.dns.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.certpilot.CertificateEvent;
import dev.certpilot.CertificateManager;
import dev.certpilot.CertificateRequest;
import dev.certpilot.EventType;
import dev.certpilot.ManagedCertificate;
import dev.certpilot.PropagationSettings;
import dev.certpilot.acme.AcmeIssuer;
import dev.certpilot.dns.acmedns.AcmeDnsAccount;
import dev.certpilot.dns.acmedns.AcmeDnsProvider;
import dev.certpilot.dns.pdns.PowerDnsProvider;
import dev.certpilot.dns.rfc2136.Rfc2136DnsProvider;
import dev.certpilot.dns.testing.Bind9Server;
import dev.certpilot.dns.testing.PowerDnsServer;
import dev.certpilot.spi.DnsChallengeProvider;
import dev.certpilot.testca.TestCa;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end: {@code CertificateManager} obtains apex + wildcard from the bundled CA, which validates dns-01 by
 * querying a real DNS server, while the records are written through a real provider adapter. The propagation check
 * discovers the zone's authoritative servers itself (no fixed nameservers).
 */
class IssuanceThroughRealDnsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String ZONE = "example.test";

    @TempDir
    Path dir;

    @Test
    void rfc2136AgainstARealBind9() {
        try (Bind9Server bind = Bind9Server.start(ZONE, dir)) {
            DnsChallengeProvider rfc2136 = Rfc2136DnsProvider.builder().nameserver("127.0.0.1", bind.port())
                    .tsigKey(Bind9Server.KEY_NAME, "hmac-sha256", bind.tsigSecret()).build();
            InetSocketAddress dns = new InetSocketAddress("127.0.0.1", bind.port());
            issueApexAndWildcard(dns, rfc2136, bind::txt);
        }
    }

    @Test
    void powerDnsHttpApiAgainstARealPowerDns() {
        try (PowerDnsServer pdns = PowerDnsServer.start(ZONE, dir)) {
            DnsChallengeProvider provider = PowerDnsProvider.builder().baseUrl(pdns.apiUrl())
                    .apiKey(PowerDnsServer.API_KEY).build();
            InetSocketAddress dns = new InetSocketAddress("127.0.0.1", pdns.dnsPort());
            issueApexAndWildcard(dns, provider, pdns::txt);
        }
    }

    @Test
    void acmeDnsCnameDelegationEndToEnd() throws IOException {
        // the CA's own DNS server holds the example.test names, the CNAME and the acme-dns zone
        try (TestCa ca = TestCa.builder().noManagement().start()) {
            String subdomain = "d420c923-bbd7-4056-ab64-c3ca54c9b3cf";
            String target = subdomain + ".auth.acme-dns.test";
            ca.dns().setCname("_acme-challenge.app.example.test", target);
            HttpServer acmeDns = acmeDnsServer(ca, "auth.acme-dns.test");
            try {
                DnsChallengeProvider provider = AcmeDnsProvider.builder()
                        .baseUrl("http://127.0.0.1:" + acmeDns.getAddress().getPort())
                        .account("app.example.test", new AcmeDnsAccount("user-1", "secret-key-1", target, subdomain))
                        .build();
                try (CertificateManager m = CertificateManager.builder()
                        .issuer(issuer(ca))
                        .dns("auth.acme-dns.test", provider)
                        .propagation(PropagationSettings.builder().resolver(ca.dnsAddress())
                                .nameservers(ca.dnsAddress()).build())
                        .build()) {
                    m.start();
                    ManagedCertificate cert = m.request(CertificateRequest.forDomains("app.example.test",
                            "*.app.example.test").build()).awaitIssued(TIMEOUT);
                    assertThat(cert.names()).containsExactly("app.example.test", "*.app.example.test");
                    // the provider wrote both values at the CNAME's target, nowhere else
                    assertThat(ca.dns().txt("_acme-challenge.app.example.test")).isEmpty();
                    assertThat(m.timeline(cert.id())).extracting(CertificateEvent::type)
                            .containsSubsequence(EventType.DNS_PUBLISHED, EventType.DNS_PROPAGATED,
                                    EventType.CERT_ISSUED);
                }
            } finally {
                acmeDns.stop(0);
            }
        }
    }

    private static void issueApexAndWildcard(InetSocketAddress dns, DnsChallengeProvider provider,
                                             java.util.function.Function<String, java.util.Set<String>> txt) {
        try (TestCa ca = TestCa.builder().noManagement().dnsResolver(dns).start();
             CertificateManager m = CertificateManager.builder()
                     .issuer(issuer(ca))
                     .dns(ZONE, provider)
                     .propagation(PropagationSettings.builder().resolver(dns).nameserverPort(dns.getPort())
                             .interval(Duration.ofMillis(50), Duration.ofMillis(500)).build())
                     .build()) {
            m.start();
            ManagedCertificate cert = m.request(CertificateRequest.forDomains("www." + ZONE, "*.www." + ZONE).build())
                    .awaitIssued(TIMEOUT);
            assertThat(cert.names()).containsExactly("www." + ZONE, "*.www." + ZONE);
            assertThat(txt.apply("_acme-challenge.www." + ZONE)).as("records cleaned up").isEmpty();
        }
    }

    private static AcmeIssuer issuer(TestCa ca) {
        return AcmeIssuer.at(ca.directoryUrl()).name("test-ca").trustStore(ca.trustStore()).agreeToTermsOfService()
                .build();
    }

    /**
     * A minimal acme-dns ({@code POST /update} with {@code X-Api-User}/{@code X-Api-Key}, JSON
     * {@code {"subdomain","txt"}}, the last two values kept per subdomain) serving its records through the CA's DNS.
     */
    private static HttpServer acmeDnsServer(TestCa ca, String domain) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        java.util.Map<String, Deque<String>> values = new java.util.concurrent.ConcurrentHashMap<>();
        Pattern field = Pattern.compile("\"(subdomain|txt)\"\\s*:\\s*\"([^\"]*)\"");
        server.createContext("/update", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            boolean authorized = "user-1".equals(exchange.getRequestHeaders().getFirst("X-Api-User"))
                    && "secret-key-1".equals(exchange.getRequestHeaders().getFirst("X-Api-Key"));
            String subdomain = null;
            String txt = null;
            Matcher m = field.matcher(body);
            while (m.find()) {
                if (m.group(1).equals("subdomain")) {
                    subdomain = m.group(2);
                } else {
                    txt = m.group(2);
                }
            }
            int status = !authorized ? 401 : subdomain == null || txt == null ? 400 : 200;
            if (status == 200) {
                String name = subdomain + "." + domain;
                synchronized (values) {
                    Deque<String> last = values.computeIfAbsent(name, k -> new ArrayDeque<>());
                    last.addLast(txt);
                    while (last.size() > 2) {
                        ca.dns().removeTxt(name, last.removeFirst());
                    }
                    ca.dns().addTxt(name, txt);
                }
            }
            byte[] answer = (status == 200 ? "{\"txt\":\"" + txt + "\"}" : "{\"error\":\"forbidden\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
        return server;
    }

}
