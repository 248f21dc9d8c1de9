package dev.certpilot.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.certpilot.CertificateManager;
import dev.certpilot.CertificateRequest;
import dev.certpilot.KeyType;
import dev.certpilot.ManagedCertificate;
import dev.certpilot.distribution.TestCaWiring;
import dev.certpilot.internal.crypto.Csrs;
import dev.certpilot.internal.crypto.Keys;
import dev.certpilot.internal.crypto.Pem;
import dev.certpilot.testca.TestCa;
import dev.certpilot.testca.it.ExternalTools;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import javax.net.ssl.HttpsURLConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The whole path with a real CA: certificates issued and renewed by a {@link CertificateManager} on the bundled test
 * CA, served by {@link CertpilotKeyManager} inside the JDK's servers, Jetty and Netty, and seen by real TLS clients
 * (JSSE, {@link HttpsURLConnection}, {@code openssl s_client}): serial A, then serial B after the renewal was
 * delivered to the key manager, against the same running server, for the exact name and through the wildcard.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LiveRenewalTest {

    private static final Duration ISSUE_TIMEOUT = Duration.ofSeconds(60);
    private static final String ZONE = TestCaWiring.ZONE;

    private TestCa ca;
    private CertificateManager manager;
    private TlsProbe probe;

    @BeforeAll
    void start() {
        ca = TestCa.builder().start();
        manager = TestCaWiring.managerBuilder(ca).build();
        manager.start();
        probe = TlsProbe.trusting(ca.issuingRoots());
    }

    @AfterAll
    void stop() {
        if (manager != null) {
            manager.close();
        }
        if (ca != null) {
            ca.close();
        }
    }

    @ParameterizedTest
    @EnumSource(TlsServers.class)
    void serialAThenSerialBAfterTheRenewalOnTheSameRunningServer(TlsServers kind) throws Exception {
        String apex = freshName();
        ManagedCertificate a = issue(apex, "*." + apex);
        CertpilotKeyManager keyManager = CertpilotKeyManager.loadFrom(manager);
        try (TlsServers.Running server = kind.start(keyManager)) {
            for (String name : List.of(apex, "www." + apex)) {
                TlsProbe.Answer answer = probe.get(server.port(), name, "/");
                assertThat(serial(answer.leaf())).as(name).isEqualTo(a.serial().orElseThrow());
                assertThat(answer.statusLine()).isEqualTo("HTTP/1.1 200 OK");
                assertThat(answer.body()).isEqualTo("hello from " + kind.name());
            }

            ManagedCertificate b = manager.renew(a.id()).awaitIssued(ISSUE_TIMEOUT);
            assertThat(b.serial()).isNotEqualTo(a.serial());
            assertThat(keyManager.deliver(TestCaWiring.deliveryOf(b)).actions().get(0)).endsWith("replacing v1");

            for (String name : List.of(apex, "www." + apex)) {
                TlsProbe.Answer answer = probe.get(server.port(), name, "/");
                assertThat(serial(answer.leaf())).as(name).isEqualTo(b.serial().orElseThrow());
                assertThat(answer.body()).isEqualTo("hello from " + kind.name());
            }
        }
    }

    @Test
    void httpsUrlConnectionAndOpensslSeeSerialAThenSerialB(@TempDir Path dir) throws Exception {
        Path openssl = ExternalTools.requireCommand("openssl", "openssl");
        Path caFile = Files.writeString(dir.resolve("roots.pem"), Pem.certificates(ca.issuingRoots()));
        OpenSslClient sClient = new OpenSslClient(openssl, caFile);
        String apex = freshName();
        ManagedCertificate a = issue(apex, "*." + apex);
        CertpilotKeyManager keyManager = CertpilotKeyManager.create();
        keyManager.deliver(TestCaWiring.deliveryOf(a));
        try (TlsServers.Running server = TlsServers.JDK_HTTPS_SERVER.start(keyManager)) {
            for (String name : List.of(apex, "www." + apex)) {
                assertThat(serial(viaHttpsUrlConnection(server.port(), name))).as(name).isEqualTo(a.serial().get());
                assertThat(serial(sClient.serverCertificate(server.port(), name, dir))).as(name)
                        .isEqualTo(a.serial().get());
            }

            ManagedCertificate b = manager.renew(a.id()).awaitIssued(ISSUE_TIMEOUT);
            keyManager.deliver(TestCaWiring.deliveryOf(b));

            for (String name : List.of(apex, "www." + apex)) {
                assertThat(serial(viaHttpsUrlConnection(server.port(), name))).as(name).isEqualTo(b.serial().get());
                assertThat(serial(sClient.serverCertificate(server.port(), name, dir))).as(name)
                        .isEqualTo(b.serial().get());
            }
        }
    }

    @Test
    void loadFromServesIssuedCertificatesThatHaveAKeyOnly() throws Exception {
        String keyed = freshName();
        String byo = freshName();
        issue(keyed);
        String csr = Pem.block("CERTIFICATE REQUEST", Csrs.build(Keys.generate(KeyType.EC_P256), List.of(byo)));
        ManagedCertificate fromCsr = manager.request(CertificateRequest.forCsr(csr).build())
                .awaitIssued(ISSUE_TIMEOUT);
        assertThat(fromCsr.hasPrivateKey()).isFalse();

        CertpilotKeyManager keyManager = CertpilotKeyManager.loadFrom(manager);
        assertThat(keyManager.certificateFor(keyed)).isPresent();
        assertThat(keyManager.certificateFor(byo)).isEmpty();
        assertThat(keyManager.install(fromCsr)).isFalse();
    }

    private X509Certificate viaHttpsUrlConnection(int port, String serverName) throws Exception {
        HttpsURLConnection c = (HttpsURLConnection) new URL("https://127.0.0.1:" + port + "/").openConnection();
        c.setSSLSocketFactory(new SniSocketFactory(probe.freshContext().getSocketFactory(), serverName));
        c.setConnectTimeout(5_000);
        c.setReadTimeout(10_000);
        try (InputStream in = c.getInputStream()) {
            assertThat(c.getResponseCode()).isEqualTo(200);
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8))
                    .isEqualTo("hello from JDK_HTTPS_SERVER");
            return (X509Certificate) c.getServerCertificates()[0];
        } finally {
            c.disconnect();
        }
    }

    private ManagedCertificate issue(String... names) throws Exception {
        return manager.request(CertificateRequest.forDomains(names).build()).awaitIssued(ISSUE_TIMEOUT);
    }

    private static String serial(X509Certificate leaf) {
        return leaf.getSerialNumber().toString(16);
    }

    private static String freshName() {
        return "t" + Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36) + "." + ZONE;
    }
}
