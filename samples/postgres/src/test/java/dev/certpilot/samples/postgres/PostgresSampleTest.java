package dev.certpilot.samples.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.certpilot.CertificateFilter;
import dev.certpilot.CertificateState;
import dev.certpilot.CertpilotException;
import dev.certpilot.ErrorCode;
import dev.certpilot.KeyProtection;
import dev.certpilot.PageRequest;
import dev.certpilot.jdbc.JdbcCertificateStore;
import dev.certpilot.jdbc.testdb.TestDatabase;
import dev.certpilot.jdbc.testdb.TestDatabases;
import dev.certpilot.spi.CertificateRecord;
import dev.certpilot.testca.CaEvent;
import dev.certpilot.testca.TestCa;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sample against a real PostgreSQL (the embedded one of certpilot-storage-jdbc's tests) and the bundled CA,
 * with the DNS provider chosen by name ({@code challtestsrv}, the CA's DNS server's management API).
 */
class PostgresSampleTest {

    @Test
    void issuesIntoPostgresFindsTheCertificateNextTimeAndRenewsOnRequest(@TempDir Path dir) throws Exception {
        TestDatabase postgres = TestDatabases.postgres();
        try (TestCa ca = TestCa.builder().start()) {
            Path pem = dir.resolve("ca.pem");
            Files.writeString(pem, ca.tlsRootPem());
            byte[] kek = new byte[32];
            new SecureRandom().nextBytes(kek);
            Map<String, String> env = Map.of("CERTPILOT_KEK", Base64.getEncoder().encodeToString(kek));
            String dns = ca.dnsAddress().getHostString() + ":" + ca.dnsAddress().getPort();
            List<String> args = new ArrayList<>(List.of("--jdbc-url", postgres.jdbcUrl(), "--pool-size", "4",
                    "--acme-directory", ca.directoryUrl().toString(), "--acme-trust-pem", pem.toString(),
                    "--contact", "mailto:ops@example.test", "--agree-tos",
                    "--zone", "example.test", "--dns-provider", "challtestsrv",
                    "--dns-option", "managementUrl=" + ca.dns().managementUrl().orElseThrow(),
                    "--resolver", dns, "--nameserver", dns,
                    "--domain", "pg.example.test", "--domain", "*.pg.example.test", "--wait", "60"));

            String first = run(args, env);
            assertThat(first).contains("requested ").contains(" ISSUED version 1 names pg.example.test, *.pg.example.test");
            String second = run(args, env);
            assertThat(second).contains("found certificate ").contains(" ISSUED version 1 ");
            assertThat(ca.events().ofType(CaEvent.Type.ORDER_CREATED)).as("no second order for a stored certificate")
                    .hasSize(1);
            args.add("--renew");
            assertThat(run(args, env)).contains("renewing ").contains(" ISSUED version 2 ");
            assertThat(ca.dns().txt("_acme-challenge.pg.example.test")).isEmpty();

            JdbcCertificateStore store = JdbcCertificateStore.builder(postgres.primary()).build();
            List<CertificateRecord> all = store.listCertificates(CertificateFilter.ALL, PageRequest.first(10)).items();
            assertThat(all).singleElement().satisfies(c -> {
                assertThat(c.state()).isEqualTo(CertificateState.ISSUED);
                assertThat(c.version()).isEqualTo(2);
            });
            assertKeyMatches(all.get(0), KeyProtection.aesGcm(KeyProtection.localKey(null, kek)));
            assertThat(store.accounts()).hasSize(1);

            // another KEK cannot open the stored account key: the renewal fails, nothing is overwritten
            byte[] other = kek.clone();
            other[0] ^= 1;
            assertThatThrownBy(() -> run(args, Map.of("CERTPILOT_KEK", Base64.getEncoder().encodeToString(other))))
                    .isInstanceOfSatisfying(CertpilotException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.KEY_PROTECTION_ERROR));
            assertThat(store.findCertificate(all.get(0).id()).orElseThrow().version()).isEqualTo(2);
        }
    }

    @Test
    void badArgumentsAndMissingSecretsAreNamed() {
        assertThatThrownBy(() -> run(List.of("--jdbc-url", "jdbc:postgresql://127.0.0.1:1/x"), Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("missing --acme-directory, --zone, --dns-provider, --domain");
        List<String> complete = List.of("--jdbc-url", TestDatabases.postgres().jdbcUrl(),
                "--acme-directory", "https://127.0.0.1:1/dir", "--zone", "example.test", "--dns-provider",
                "challtestsrv", "--dns-option", "managementUrl=http://127.0.0.1:1", "--domain", "example.test");
        assertThatThrownBy(() -> run(complete, Map.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("environment variable CERTPILOT_KEK is not set");
        assertThatThrownBy(() -> run(complete, Map.of("CERTPILOT_KEK", "c2hvcnQ=")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("environment variable CERTPILOT_KEK must hold 32 bytes (base64), it holds 5");
    }

    private static String run(List<String> args, Map<String, String> env) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            assertThat(PostgresSample.run(args.toArray(String[]::new), env, out)).isZero();
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static void assertKeyMatches(CertificateRecord cert, KeyProtection protection) throws Exception {
        PrivateKey key = protection.unprotect(cert.key().orElseThrow(), cert.id());
        X509Certificate leaf = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
                new ByteArrayInputStream(cert.chainPem().orElseThrow().getBytes(StandardCharsets.US_ASCII)));
        Signature s = Signature.getInstance("SHA256withECDSA");
        s.initSign(key);
        s.update(new byte[] {7});
        byte[] sig = s.sign();
        Signature v = Signature.getInstance("SHA256withECDSA");
        v.initVerify(leaf.getPublicKey());
        v.update(new byte[] {7});
        assertThat(v.verify(sig)).isTrue();
    }
}
