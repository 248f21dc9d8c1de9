package dev.certpilot.testca.lego;

import static org.assertj.core.api.Assertions.assertThat;

import dev.certpilot.testca.internal.pebble.ChalltestsrvDnsControl;
import dev.certpilot.testca.internal.pebble.LoopbackPorts;
import dev.certpilot.testca.internal.pebble.PebbleManagement;
import dev.certpilot.testca.it.ExternalTools;
import dev.certpilot.testca.it.TestNames;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's unmodified {@code lego} obtains apex + wildcard from the bundled CA's <em>standalone jar</em>, started
 * as a separate process with Pebble's flags; DNS goes through the jar's challtestsrv-compatible management API.
 * A failsafe integration test: it needs the shaded jar that {@code package} builds.
 */
@Timeout(180)
class StandaloneJarLegoIT {

    @TempDir
    Path directory;

    @Test
    void legoObtainsApexAndWildcardFromTheStandaloneJar() throws Exception {
        Path legoBinary = ExternalTools.requireCommand("lego", "lego");
        ExternalTools.requireCommand("curl", "curl");
        Path jar = standaloneJar();
        int acme = LoopbackPorts.freeTcpPort();
        int management = LoopbackPorts.freeTcpPort();
        int dns = LoopbackPorts.freeTcpAndUdpPort();
        int dnsManagement = LoopbackPorts.freeTcpPort();
        Path rootPem = directory.resolve("root.pem");
        Process ca = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                jar.toString(), "--acme", "127.0.0.1:" + acme, "--management", "127.0.0.1:" + management,
                "--dns", "127.0.0.1:" + dns, "--dns-management", "127.0.0.1:" + dnsManagement,
                "--tls-root-out", rootPem.toString()).redirectErrorStream(true).start();
        try {
            URI directoryUrl = awaitDirectoryLine(ca);
            assertThat(directoryUrl).isEqualTo(URI.create("https://127.0.0.1:" + acme + "/dir"));
            String tlsRoot = Files.readString(rootPem);
            URI dnsApi = URI.create("http://127.0.0.1:" + dnsManagement);
            InetSocketAddress dnsAddress = new InetSocketAddress("127.0.0.1", dns);
            String apex = TestNames.freshDomain();

            Lego.Result result = new Lego(legoBinary, directory).obtain(directoryUrl, tlsRoot, dnsApi, dnsAddress,
                    List.of(apex, "*." + apex), Duration.ofSeconds(120));

            assertThat(result.exitCode()).as("lego output:%n%s", result.output()).isZero();
            List<X509Certificate> chain = parse(Files.readString(result.certificate()));
            assertThat(chain.get(0).getSubjectAlternativeNames()).extracting(san -> (Object) san.get(1))
                    .containsExactlyInAnyOrder(apex, "*." + apex);
            List<X509Certificate> roots = new PebbleManagement(URI.create("https://127.0.0.1:" + management),
                    trusting(tlsRoot)).issuingRoots();
            X509Certificate top = chain.get(chain.size() - 1);
            assertThat(roots).anySatisfy(root -> top.verify(root.getPublicKey()));
            assertThat(new ChalltestsrvDnsControl(dnsApi, dnsAddress).txt("_acme-challenge." + apex))
                    .as("lego cleaned up").isEmpty();
            System.out.printf("lego obtained %s + *.%s from the standalone jar in %d ms%n", apex, apex,
                    result.elapsed().toMillis());
        } finally {
            ca.destroy();
            if (!ca.waitFor(10, TimeUnit.SECONDS)) {
                ca.destroyForcibly();
            }
        }
    }

    private static Path standaloneJar() throws Exception {
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            return files.filter(p -> p.getFileName().toString().endsWith("-standalone.jar")).findFirst()
                    .orElseThrow(() -> new AssertionError("no standalone jar in target/: run 'package' first"));
        }
    }

    private static URI awaitDirectoryLine(Process ca) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(ca.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<URI> directory = CompletableFuture.supplyAsync(() -> {
            List<String> seen = new ArrayList<>();
            try {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    seen.add(line);
                    if (line.startsWith("Directory: ")) {
                        URI uri = URI.create(line.substring("Directory: ".length()).trim());
                        // keep draining so the process never blocks on a full pipe
                        Thread drain = new Thread(() -> out.lines().forEach(l -> { }));
                        drain.setDaemon(true);
                        drain.start();
                        return uri;
                    }
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            throw new IllegalStateException("the standalone CA exited without a directory line: " + seen);
        });
        return directory.get(30, TimeUnit.SECONDS);
    }

    private static List<X509Certificate> parse(String pem) throws Exception {
        List<X509Certificate> chain = new ArrayList<>();
        CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))
                .forEach(c -> chain.add((X509Certificate) c));
        return chain;
    }

    private static SSLContext trusting(String pem) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setCertificateEntry("root", parse(pem).get(0));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }
}
