package dev.certpilot.samples.quickstart;

import static org.assertj.core.api.Assertions.assertThat;

import dev.certpilot.ManagedCertificate;
import dev.certpilot.jdbc.JdbcCertificateStore;
import dev.certpilot.spi.AccountRecord;
import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuickstartTest {

    @Test
    void writesAChainAndAMatchingOwnerOnlyKeyAndTheNextRunRenewsItWithTheSameAccount(@TempDir Path dir)
            throws Exception {
        Path out = dir.resolve("out");
        int port = freePort();

        Quickstart.Outcome first = Quickstart.run(out, port);
        assertThat(first.earlier()).isEmpty();
        assertThat(first.earlierAccounts()).isEmpty();
        assertThat(first.certificate().version()).isEqualTo(1);
        X509Certificate firstLeaf = assertFilesMatch(out);
        assertThat(Files.exists(out.resolve("certpilot.mv.db"))).isTrue();
        assertThat(Files.getPosixFilePermissions(out.resolve("kek")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));

        // a new JVM's worth of state: only the files in out/ carry over (the CA is new, with a new TLS root)
        Quickstart.Outcome second = Quickstart.run(out, port);
        assertThat(second.earlier()).extracting(ManagedCertificate::id).containsExactly(first.certificate().id());
        assertThat(second.earlier().get(0).serial()).isEqualTo(first.certificate().serial());
        assertThat(second.earlierAccounts()).extracting(AccountRecord::directoryUrl)
                .containsExactly(first.directoryUrl());
        ManagedCertificate renewed = second.certificate();
        assertThat(renewed.id()).isEqualTo(first.certificate().id());
        assertThat(renewed.version()).isEqualTo(2);
        assertThat(renewed.serial()).isNotEqualTo(first.certificate().serial());
        X509Certificate secondLeaf = assertFilesMatch(out);
        assertThat(secondLeaf.getSerialNumber()).isNotEqualTo(firstLeaf.getSerialNumber());
        assertThat(accounts(out)).as("the stored account was reused: same row, same directory URL")
                .extracting(AccountRecord::id).containsExactlyElementsOf(second.earlierAccounts().stream()
                        .map(AccountRecord::id).toList());

        // the preferred port taken: the CA moves, the run still renews, and stores a second account for the new URL
        try (ServerSocket taken = new ServerSocket(port, 50, InetAddress.getLoopbackAddress())) {
            Quickstart.Outcome third = Quickstart.run(out, taken.getLocalPort());
            assertThat(third.directoryUrl()).isNotEqualTo(first.directoryUrl());
            assertThat(third.certificate().version()).isEqualTo(3);
        }
        assertThat(accounts(out)).hasSize(2);
        assertFilesMatch(out);
    }

    /** out/cert.pem holds a chain for the names, out/key.pem (0600) the matching key; returns the leaf. */
    private static X509Certificate assertFilesMatch(Path out) throws Exception {
        String chainPem = Files.readString(out.resolve("cert.pem"));
        var certs = CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(chainPem.getBytes(StandardCharsets.US_ASCII)));
        assertThat(certs).hasSizeGreaterThanOrEqualTo(2);
        X509Certificate leaf = (X509Certificate) certs.iterator().next();
        assertThat(leaf.getSubjectAlternativeNames().stream().map(san -> String.valueOf(san.get(1))).toList())
                .containsExactlyInAnyOrder("example.test", "*.example.test");

        Path keyFile = out.resolve("key.pem");
        assertThat(Files.getPosixFilePermissions(keyFile)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        String keyPem = Files.readString(keyFile);
        byte[] der = Base64.getMimeDecoder().decode(keyPem.replaceAll("-----[A-Z ]+-----", ""));
        var key = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der));
        Signature s = Signature.getInstance("SHA256withECDSA");
        s.initSign(key);
        s.update(new byte[] {1, 2, 3});
        byte[] sig = s.sign();
        Signature v = Signature.getInstance("SHA256withECDSA");
        v.initVerify(leaf.getPublicKey());
        v.update(new byte[] {1, 2, 3});
        assertThat(v.verify(sig)).isTrue();
        return leaf;
    }

    /** The accounts in the quickstart's H2 database (opened after the run closed it). */
    private static List<AccountRecord> accounts(Path out) {
        JdbcConnectionPool pool = JdbcConnectionPool.create("jdbc:h2:file:" + out.toAbsolutePath()
                .resolve("certpilot") + ";WRITE_DELAY=0", "sa", "");
        try {
            return JdbcCertificateStore.builder(pool).build().accounts();
        } finally {
            pool.dispose();
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
