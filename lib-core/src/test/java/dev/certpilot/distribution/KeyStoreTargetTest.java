package dev.certpilot.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.certpilot.ErrorCode;
import dev.certpilot.spi.Delivery;
import dev.certpilot.spi.DeliveryReport;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.util.Arrays;
import java.util.Collections;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyStoreTargetTest {

    private static final char[] PASSWORD = "s3cret-store-pw".toCharArray();

    @TempDir
    Path dir;

    @Test
    void pkcs12OpensWithTheJdkKeyStoreAndTheKeyMatchesTheCertificate() throws Exception {
        Path file = dir.resolve("tls.p12");
        Delivery d = TestCertificates.delivery("c1", 1, "example.test", "www.example.test");
        DeliveryReport report = DistributionTargets.keyStore("p12", file, () -> PASSWORD).build().deliver(d);

        KeyStore ks = open(file, "PKCS12", PASSWORD);
        assertThat(Collections.list(ks.aliases())).containsExactly("certpilot");
        assertThat(ks.isKeyEntry("certpilot")).isTrue();
        assertThat(Arrays.asList(ks.getCertificateChain("certpilot"))).containsExactlyElementsOf(d.chain());
        PrivateKey key = (PrivateKey) ks.getKey("certpilot", PASSWORD);
        assertThat(TestCertificates.matches(key, ks.getCertificate("certpilot").getPublicKey())).isTrue();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(report.actions()).containsExactly(
                "wrote " + file + " (PKCS12, alias 'certpilot' added, 1 entry, 0600)");
        assertThat(report.toString()).doesNotContain(new String(PASSWORD));
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void jksWithAnRsaKeyAndACustomAlias() throws Exception {
        Path file = dir.resolve("tls.jks");
        Delivery d = TestCertificates.delivery("c1", 1, TestCertificates.rsa(), true, false, "example.test");
        DistributionTargets.keyStore("jks", file, () -> PASSWORD).format(KeyStoreTarget.Format.JKS).alias("Tomcat")
                .build().deliver(d);
        KeyStore ks = open(file, "JKS", PASSWORD);
        assertThat(ks.getType()).isEqualTo("JKS");
        PrivateKey key = (PrivateKey) ks.getKey("tomcat", PASSWORD);
        assertThat(key.getAlgorithm()).isEqualTo("RSA");
        assertThat(TestCertificates.matches(key, d.leaf().getPublicKey())).isTrue();
    }

    @Test
    void renewalReplacesItsAliasAndKeepsOtherEntries() throws Exception {
        Path file = dir.resolve("shared.p12");
        KeyStoreTarget target = DistributionTargets.keyStore("p12", file, () -> PASSWORD)
                .alias(d -> d.names().get(0)).build();
        target.deliver(TestCertificates.delivery("a", 1, "a.example.test"));
        target.deliver(TestCertificates.delivery("b", 1, "b.example.test"));
        Delivery renewed = TestCertificates.delivery("a", 2, "a.example.test");
        DeliveryReport report = target.deliver(renewed);

        KeyStore ks = open(file, "PKCS12", PASSWORD);
        assertThat(Collections.list(ks.aliases())).containsExactlyInAnyOrder("a.example.test", "b.example.test");
        assertThat(ks.getCertificate("a.example.test")).isEqualTo(renewed.leaf());
        assertThat(report.actions().get(0)).contains("alias 'a.example.test' replaced, 2 entries");
    }

    @Test
    void wrongPasswordFailsAndLeavesTheFileAsItWas() throws Exception {
        Path file = dir.resolve("tls.p12");
        DistributionTargets.keyStore("p12", file, () -> PASSWORD).build()
                .deliver(TestCertificates.delivery("c1", 1, "example.test"));
        byte[] before = Files.readAllBytes(file);
        KeyStoreTarget wrong = DistributionTargets.keyStore("p12", file, "not-it"::toCharArray).build();
        assertThatThrownBy(() -> wrong.deliver(TestCertificates.delivery("c1", 2, "example.test")))
                .isInstanceOfSatisfying(DistributionException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.DISTRIBUTION_FAILED);
                    assertThat(e.getMessage()).contains("wrong password").doesNotContain("not-it");
                });
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
    }

    @Test
    void deliveryWithoutKeyIsRefusedClearly() {
        Path file = dir.resolve("tls.p12");
        Delivery byoCsr = TestCertificates.delivery("byo", 1, TestCertificates.ec(), false, false, "example.test");
        assertThatThrownBy(() -> DistributionTargets.keyStore("p12", file, () -> PASSWORD).build().deliver(byoCsr))
                .isInstanceOfSatisfying(DistributionException.class, e -> assertThat(e.getMessage())
                        .contains("needs the private key").contains("byo").contains("caller's CSR"));
        assertThat(file).doesNotExist();
    }

    @Test
    void dryRunChecksThePasswordAndWritesNothing() throws Exception {
        Path file = dir.resolve("tls.p12");
        KeyStoreTarget target = DistributionTargets.keyStore("p12", file, () -> PASSWORD).build();
        DeliveryReport report = target.deliver(TestCertificates.dryRun(TestCertificates.delivery("c1", 1, "a.test")));
        assertThat(file).doesNotExist();
        assertThat(report.actions()).containsExactly("would write " + file
                + " (PKCS12, alias 'certpilot' added, 1 entry, 0600)");

        target.deliver(TestCertificates.delivery("c1", 1, "a.test"));
        byte[] before = Files.readAllBytes(file);
        assertThat(target.deliver(TestCertificates.dryRun(TestCertificates.delivery("c1", 2, "a.test"))).actions())
                .containsExactly("would write " + file + " (PKCS12, alias 'certpilot' replaced, 1 entry, 0600)");
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
        assertThatThrownBy(() -> DistributionTargets.keyStore("p12", file, "wrong"::toCharArray).build()
                .deliver(TestCertificates.dryRun(TestCertificates.delivery("c1", 2, "a.test"))))
                .hasMessageContaining("wrong password");
    }

    @Test
    void passwordIsCopiedNotClearedAndNeverShown() throws Exception {
        char[] owned = "kept-by-the-caller".toCharArray();
        AtomicInteger calls = new AtomicInteger();
        KeyStoreTarget target = DistributionTargets.keyStore("p12", dir.resolve("x.p12"), () -> {
            calls.incrementAndGet();
            return owned;
        }).build();
        target.deliver(TestCertificates.delivery("c1", 1, "example.test"));
        target.deliver(TestCertificates.delivery("c1", 2, "example.test"));
        assertThat(calls).hasValue(2);
        assertThat(new String(owned)).isEqualTo("kept-by-the-caller");
        assertThat(target.toString()).contains("x.p12").contains("PKCS12").doesNotContain("kept-by-the-caller");
        assertThatThrownBy(() -> DistributionTargets.keyStore("p12", dir.resolve("y.p12"), () -> new char[0]).build()
                .deliver(TestCertificates.delivery("c1", 1, "example.test"))).hasMessageContaining("no password");
    }

    private static KeyStore open(Path file, String type, char[] password) throws Exception {
        KeyStore ks = KeyStore.getInstance(type);
        try (InputStream in = Files.newInputStream(file)) {
            ks.load(in, password);
        }
        return ks;
    }
}
