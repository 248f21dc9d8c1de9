package dev.certpilot.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.certpilot.CertpilotException;
import dev.certpilot.ErrorCode;
import dev.certpilot.internal.crypto.Pem;
import dev.certpilot.spi.Delivery;
import dev.certpilot.spi.DeliveryReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PemDirectoryTargetTest {

    @TempDir
    Path dir;

    @Test
    void writesCertbotLayoutWithOwnerOnlyKeyAndReadableCertificates() throws Exception {
        KeyPair pair = TestCertificates.ec();
        Delivery d = TestCertificates.delivery("c1", 1, pair, true, false, "example.test", "*.example.test");
        DeliveryReport report = DistributionTargets.pemDirectory("pem", dir).build().deliver(d);

        assertThat(Pem.parseCertificates(Files.readString(dir.resolve("cert.pem")))).containsExactly(d.leaf());
        assertThat(Pem.parseCertificates(Files.readString(dir.resolve("chain.pem"))))
                .containsExactlyElementsOf(d.chain().subList(1, d.chain().size()));
        assertThat(Pem.parseCertificates(Files.readString(dir.resolve("fullchain.pem"))))
                .containsExactlyElementsOf(d.chain());
        PrivateKey key = readKey(dir.resolve("privkey.pem"));
        assertThat(TestCertificates.matches(key, d.leaf().getPublicKey())).isTrue();

        assertThat(mode(dir.resolve("privkey.pem"))).isEqualTo("rw-------");
        for (String f : List.of("cert.pem", "chain.pem", "fullchain.pem")) {
            assertThat(mode(dir.resolve(f))).as(f).isEqualTo("rw-r--r--");
        }
        assertThat(listing()).containsExactlyInAnyOrder("privkey.pem", "cert.pem", "chain.pem", "fullchain.pem");
        assertThat(report.actions()).containsExactly(
                "wrote " + dir.resolve("privkey.pem") + " (0600)", "wrote " + dir.resolve("cert.pem") + " (0644)",
                "wrote " + dir.resolve("chain.pem") + " (0644)", "wrote " + dir.resolve("fullchain.pem") + " (0644)");
        assertThat(String.join("\n", report.actions())).doesNotContain("PRIVATE");
    }

    @Test
    void everyFileHasItsFinalModeBeforeItAppearsUnderItsName() throws Exception {
        Map<String, String> modesBeforeRename = new ConcurrentHashMap<>();
        List<String> existedBefore = new ArrayList<>();
        PemDirectoryTarget target = DistributionTargets.pemDirectory("pem", dir).keyMode("rw-r-----")
                .fileHook((temp, finalName) -> {
                    assertThat(temp.getParent()).isEqualTo(finalName.getParent());
                    modesBeforeRename.put(finalName.getFileName().toString(), mode(temp));
                    if (Files.exists(finalName)) {
                        existedBefore.add(finalName.getFileName().toString());
                    }
                }).build();
        target.deliver(TestCertificates.delivery("c1", 1, "example.test"));

        assertThat(modesBeforeRename).containsExactlyInAnyOrderEntriesOf(Map.of("privkey.pem", "rw-r-----",
                "cert.pem", "rw-r--r--", "chain.pem", "rw-r--r--", "fullchain.pem", "rw-r--r--"));
        assertThat(existedBefore).isEmpty();
        assertThat(mode(dir.resolve("privkey.pem"))).isEqualTo("rw-r-----");
    }

    @Test
    void aFailingFileLeavesEveryOldFileAsItWasAndNoTemporaryFile() throws Exception {
        PemDirectoryTarget target = DistributionTargets.pemDirectory("pem", dir).build();
        Delivery first = TestCertificates.delivery("c1", 1, "example.test");
        target.deliver(first);
        Map<String, String> before = contents();

        PemDirectoryTarget failing = DistributionTargets.pemDirectory("pem", dir).fileHook((temp, finalName) -> {
            if (finalName.getFileName().toString().equals("chain.pem")) {
                throw new IOException("hook refused " + finalName.getFileName());
            }
        }).build();
        assertThatThrownBy(() -> failing.deliver(TestCertificates.delivery("c1", 2, "example.test")))
                .isInstanceOfSatisfying(DistributionException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.DISTRIBUTION_FAILED);
                    assertThat(e.target()).isEqualTo("pem");
                    assertThat(e.getMessage()).contains("chain.pem").contains("hook refused");
                });
        assertThat(contents()).isEqualTo(before);
        assertThat(listing()).containsExactlyInAnyOrder("privkey.pem", "cert.pem", "chain.pem", "fullchain.pem");
    }

    @Test
    void renewalReplacesTheFilesAndRepeatingADeliveryGivesTheSameFiles() throws Exception {
        PemDirectoryTarget target = DistributionTargets.pemDirectory("pem", dir.resolve("a/b")).build();
        target.deliver(TestCertificates.delivery("c1", 1, "example.test"));
        Delivery second = TestCertificates.delivery("c1", 2, "example.test");
        target.deliver(second);
        Map<String, String> afterSecond = contents(dir.resolve("a/b"));
        target.deliver(second);

        assertThat(contents(dir.resolve("a/b"))).isEqualTo(afterSecond);
        assertThat(afterSecond.get("fullchain.pem")).isEqualTo(second.fullChainPem());
        assertThat(afterSecond.get("privkey.pem")).isEqualTo(second.privateKeyPem().orElseThrow());
    }

    @Test
    void dryRunWritesNothingAndListsWhatItWouldWrite() throws Exception {
        Path target = dir.resolve("not-yet");
        DeliveryReport report = DistributionTargets.pemDirectory("pem", target).build()
                .deliver(TestCertificates.dryRun(TestCertificates.delivery("c1", 1, "example.test")));
        assertThat(target).doesNotExist();
        assertThat(report.actions()).containsExactly(
                "would write " + target.resolve("privkey.pem") + " (0600)",
                "would write " + target.resolve("cert.pem") + " (0644)",
                "would write " + target.resolve("chain.pem") + " (0644)",
                "would write " + target.resolve("fullchain.pem") + " (0644)");
    }

    @Test
    void certificateWithoutKeyWritesNoKeyAndLeavesAnOldKeyFileInPlace() throws Exception {
        PemDirectoryTarget target = DistributionTargets.pemDirectory("pem", dir).build();
        DeliveryReport fresh = target.deliver(TestCertificates.delivery("c1", 1, TestCertificates.ec(), false, false,
                "example.test"));
        assertThat(listing()).containsExactlyInAnyOrder("cert.pem", "chain.pem", "fullchain.pem");
        assertThat(fresh.actions()).last().asString().startsWith("wrote no privkey.pem: no private key");

        Files.writeString(dir.resolve("privkey.pem"), "kept");
        DeliveryReport kept = target.deliver(TestCertificates.delivery("c1", 2, TestCertificates.ec(), false, false,
                "example.test"));
        assertThat(Files.readString(dir.resolve("privkey.pem"))).isEqualTo("kept");
        assertThat(kept.actions()).last().asString().startsWith("left " + dir.resolve("privkey.pem") + " untouched");
    }

    @Test
    void fileNamesAreConfigurable() throws Exception {
        DistributionTargets.pemDirectory("pem", dir).keyFile("tls.key").certificateFile("tls.crt")
                .chainFile("ca.crt").fullChainFile("bundle.crt").build()
                .deliver(TestCertificates.delivery("c1", 1, "example.test"));
        assertThat(listing()).containsExactlyInAnyOrder("tls.key", "tls.crt", "ca.crt", "bundle.crt");
        assertThat(mode(dir.resolve("tls.key"))).isEqualTo("rw-------");
    }

    @Test
    void invalidConfigurationIsRefused() {
        PemDirectoryTarget.Builder b = DistributionTargets.pemDirectory("pem", dir);
        assertThatThrownBy(() -> b.keyMode("rw-r--r--")).isInstanceOf(CertpilotException.class)
                .hasMessageContaining("others");
        assertThatThrownBy(() -> b.keyMode("-w-------")).hasMessageContaining("owner read");
        assertThatThrownBy(() -> b.keyFile("../evil.pem")).hasMessageContaining("plain file name");
        assertThatThrownBy(() -> b.chainFile("cert.pem").build()).hasMessageContaining("must differ");
        assertThatThrownBy(() -> DistributionTargets.pemDirectory("bad name", dir))
                .hasMessageContaining("target name");
    }

    @Test
    void ownershipHookChangesOwnerAndGroupBeforeTheRename() throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "changing a file's owner needs root");
        UserPrincipalLookupService lookup = dir.getFileSystem().getUserPrincipalLookupService();
        UserPrincipal nobody = lookup.lookupPrincipalByName("nobody");
        GroupPrincipal nogroup = lookup.lookupPrincipalByGroupName("nogroup");
        DistributionTargets.pemDirectory("pem", dir).fileHook(FileHook.ownership(nobody, nogroup)).build()
                .deliver(TestCertificates.delivery("c1", 1, "example.test"));
        for (String f : List.of("privkey.pem", "cert.pem", "chain.pem", "fullchain.pem")) {
            var attrs = Files.getFileAttributeView(dir.resolve(f), PosixFileAttributeView.class).readAttributes();
            assertThat(attrs.owner()).as(f).isEqualTo(nobody);
            assertThat(attrs.group()).as(f).isEqualTo(nogroup);
        }
    }

    @Test
    void perCertificateDirectoriesAndToStringWithoutSecrets() throws Exception {
        PemDirectoryTarget target = DistributionTargets.pemDirectory("pem",
                d -> dir.resolve(d.names().get(0).replace("*", "_"))).build();
        Delivery d = TestCertificates.delivery("c1", 1, "*.example.test");
        target.deliver(d);
        assertThat(dir.resolve("_.example.test/privkey.pem")).exists();
        assertThat(target.toString()).contains("pem").contains("privkey.pem").doesNotContain("PRIVATE")
                .doesNotContain(Base64.getEncoder().encodeToString(d.privateKey().orElseThrow().getEncoded()));
    }

    private static PrivateKey readKey(Path file) throws Exception {
        String pem = Files.readString(file);
        assertThat(pem).startsWith("-----BEGIN PRIVATE KEY-----");
        byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
        return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der));
    }

    private static String mode(Path file) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
    }

    private List<String> listing() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).toList();
        }
    }

    private Map<String, String> contents() throws IOException {
        return contents(dir);
    }

    private static Map<String, String> contents(Path d) throws IOException {
        Map<String, String> out = new java.util.TreeMap<>();
        try (Stream<Path> files = Files.list(d)) {
            for (Path p : files.toList()) {
                out.put(p.getFileName().toString(), Files.readString(p));
            }
        }
        return out;
    }
}
