package dev.certpilot.samples.https;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsServer;
import dev.certpilot.CertificateManager;
import dev.certpilot.CertificateRequest;
import dev.certpilot.InMemoryDnsProvider;
import dev.certpilot.ManagedCertificate;
import dev.certpilot.PropagationSettings;
import dev.certpilot.acme.AcmeIssuer;
import dev.certpilot.testca.TestCa;
import dev.certpilot.tls.CertpilotKeyManager;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An HTTPS server whose certificate certpilot obtains and renews while it runs: the bundled test CA (in this JVM)
 * issues a certificate for {@code example.test} and {@code *.example.test} with its short-lived profile, a
 * {@link CertpilotKeyManager} serves it from the JDK's {@link HttpsServer}, and after {@link #renew()} the very next
 * connection gets the renewed certificate, with no restart.
 *
 * <p>Every answer names the serial of the certificate that connection was served with.
 */
public final class HttpsServerSample implements AutoCloseable {

    /** The names the certificate is issued for. */
    public static final List<String> NAMES = List.of("example.test", "*.example.test");

    private static final Duration ISSUE_TIMEOUT = Duration.ofSeconds(60);

    private final TestCa ca;
    private final CertificateManager manager;
    private final HttpsServer server;
    private final ExecutorService executor;
    private final String certificateId;

    private HttpsServerSample(TestCa ca, CertificateManager manager, HttpsServer server, ExecutorService executor,
                              String certificateId) {
        this.ca = ca;
        this.manager = manager;
        this.server = server;
        this.executor = executor;
        this.certificateId = certificateId;
    }

    /**
     * Starts the CA, obtains the certificate and starts serving HTTPS on loopback.
     *
     * @param port the port, {@code 0} for a free one
     */
    public static HttpsServerSample start(int port) throws IOException {
        TestCa ca = TestCa.builder().start();
        CertificateManager manager = null;
        try {
            // the key manager is a distribution target: every issued and renewed version is delivered to it
            CertpilotKeyManager keyManager = CertpilotKeyManager.builder().defaultServerName("example.test").build();
            manager = CertificateManager.builder()
                    .issuer(AcmeIssuer.at(ca.directoryUrl()).name("test-ca").trustStore(ca.trustStore())
                            .agreeToTermsOfService().build())
                    .dns("example.test", mirroredInto(ca))
                    .propagation(PropagationSettings.builder().resolver(ca.dnsAddress())
                            .nameservers(ca.dnsAddress()).build())
                    .target(keyManager)
                    .build();
            manager.start();
            // "shortlived": the bundled CA's profile for 160-hour certificates (Let's Encrypt offers one too)
            ManagedCertificate cert = manager.request(CertificateRequest.forDomains(NAMES).profile("shortlived")
                    .distributeTo(keyManager.name()).build()).awaitIssued(ISSUE_TIMEOUT);

            HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
            server.setHttpsConfigurator(new HttpsConfigurator(keyManager.sslContext()));
            server.createContext("/", HttpsServerSample::hello);
            ExecutorService executor = Executors.newFixedThreadPool(4);
            server.setExecutor(executor);
            server.start();
            return new HttpsServerSample(ca, manager, server, executor, cert.id());
        } catch (IOException | RuntimeException e) {
            if (manager != null) {
                manager.close();
            }
            ca.close();
            throw e;
        }
    }

    /** The port the server listens on (loopback). */
    public int port() {
        return server.getAddress().getPort();
    }

    /** The roots a client must trust: the test CA's. */
    public List<X509Certificate> trustedRoots() {
        return ca.issuingRoots();
    }

    /** The certificate as the manager holds it now. */
    public ManagedCertificate certificate() {
        return manager.get(certificateId).orElseThrow();
    }

    /**
     * Renews the certificate now. The manager delivers the new version to the key manager before the handle
     * completes, so the very next TLS handshake is served with it. The running manager also renews on its own
     * (when a third of the lifetime is left, or when the CA's renewal information says so).
     */
    public ManagedCertificate renew() {
        return manager.renew(certificateId).awaitIssued(ISSUE_TIMEOUT);
    }

    /** Stops the server, the manager and the CA. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        manager.close();
        ca.close();
    }

    private static void hello(com.sun.net.httpserver.HttpExchange exchange) throws IOException {
        X509Certificate served = (X509Certificate) ((HttpsExchange) exchange).getSSLSession()
                .getLocalCertificates()[0];
        byte[] body = ("hello over TLS, served with certificate serial " + served.getSerialNumber().toString(16)
                + "\n").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static InMemoryDnsProvider mirroredInto(TestCa ca) {
        // certpilot publishes TXT records here; they are mirrored into the DNS server the test CA queries
        return new InMemoryDnsProvider().onChange((record, added) -> {
            if (added) {
                ca.dns().addTxt(record.fqdn(), record.value());
            } else {
                ca.dns().removeTxt(record.fqdn(), record.value());
            }
        });
    }
}
