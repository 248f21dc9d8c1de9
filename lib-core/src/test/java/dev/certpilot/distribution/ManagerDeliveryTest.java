package dev.certpilot.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.certpilot.CertificateManager;
import dev.certpilot.CertificateRequest;
import dev.certpilot.EventType;
import dev.certpilot.ManagedCertificate;
import dev.certpilot.internal.crypto.Pem;
import dev.certpilot.spi.Delivery;
import dev.certpilot.spi.DistributionTarget;
import dev.certpilot.testca.TestCa;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every target fed by a real {@link CertificateManager} on the bundled test CA (keys as the manager decrypts them),
 * through a listener on {@code cert.issued} / {@code cert.renewed} until the manager fans out to targets itself.
 */
class ManagerDeliveryTest {

    private static final char[] PASSWORD = "changeit-not".toCharArray();

    @TempDir
    Path dir;

    @Test
    void issuanceAndRenewalReachEveryTarget() throws Exception {
        Path out = Files.createDirectory(dir.resolve("hook-out"));
        Path script = dir.resolve("hook.sh");
        Files.writeString(script, "#!/bin/sh\necho \"$CERTPILOT_VERSION $CERTPILOT_SERIAL\" >> \"$OUT/log\"\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        Map<Integer, CompletableFuture<Delivery>> delivered = new ConcurrentHashMap<>();
        List<DistributionTarget> targets = List.of(
                DistributionTargets.pemDirectory("pem", dir.resolve("pem")).build(),
                DistributionTargets.keyStore("p12", dir.resolve("tls.p12"), () -> PASSWORD).build(),
                DistributionTargets.exec("hook", List.of(script.toString())).environment("OUT", out.toString())
                        .build(),
                DistributionTargets.callback("done", d -> delivered
                        .computeIfAbsent(d.version(), v -> new CompletableFuture<>()).complete(d)));

        try (TestCa ca = TestCa.builder().start()) {
            AtomicReference<CertificateManager> ref = new AtomicReference<>();
            CertificateManager manager = TestCaWiring.managerBuilder(ca)
                    .listener(event -> {
                        if (event.type() == EventType.CERT_ISSUED || event.type() == EventType.CERT_RENEWED) {
                            Delivery d = TestCaWiring.deliveryOf(ref.get().get(event.certificateId())
                                    .orElseThrow());
                            targets.forEach(t -> t.deliver(d));
                        }
                    })
                    .build();
            ref.set(manager);
            try (manager) {
                manager.start();
                ManagedCertificate first = manager.request(CertificateRequest.forDomains("app.example.test").build())
                        .awaitIssued(Duration.ofSeconds(60));
                await(delivered, 1);
                ManagedCertificate second = manager.renew(first.id()).awaitIssued(Duration.ofSeconds(60));
                await(delivered, 2);

                assertThat(Pem.parseCertificates(Files.readString(dir.resolve("pem/fullchain.pem"))))
                        .containsExactlyElementsOf(second.chain());
                assertThat(Files.readString(dir.resolve("pem/privkey.pem")))
                        .isEqualTo(second.privateKeyPem().orElseThrow());

                KeyStore ks = KeyStore.getInstance("PKCS12");
                try (InputStream in = Files.newInputStream(dir.resolve("tls.p12"))) {
                    ks.load(in, PASSWORD);
                }
                assertThat(ks.getCertificate("certpilot")).isEqualTo(second.certificate().orElseThrow());
                assertThat(TestCertificates.matches((PrivateKey) ks.getKey("certpilot", PASSWORD),
                        second.certificate().orElseThrow().getPublicKey())).isTrue();

                assertThat(Files.readAllLines(out.resolve("log"))).containsExactly(
                        "1 " + first.serial().orElseThrow(), "2 " + second.serial().orElseThrow());
            }
        }
    }

    private static void await(Map<Integer, CompletableFuture<Delivery>> delivered, int version) throws Exception {
        delivered.computeIfAbsent(version, v -> new CompletableFuture<>()).get(30, TimeUnit.SECONDS);
    }
}
