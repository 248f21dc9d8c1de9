package dev.certpilot.jdbc.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.certpilot.CertificateManager;
import dev.certpilot.CertificateManagerBuilder;
import dev.certpilot.EventType;
import dev.certpilot.KeyProtection;
import dev.certpilot.PropagationSettings;
import dev.certpilot.RenewalSettings;
import dev.certpilot.acme.AcmeIssuer;
import dev.certpilot.jdbc.JdbcCertificateStore;
import dev.certpilot.spi.CertificateRecord;
import dev.certpilot.spi.DnsChallengeProvider;
import dev.certpilot.testca.CaEvent;
import dev.certpilot.testca.TestCa;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * Everything a manager needs to work on a shared database against the test JVM's bundled CA, in a form that
 * crosses a process boundary as {@code key=value} arguments: the database (JDBC URL and table prefix), the KEK file,
 * the CA's directory and TLS root (a PEM file), the DNS server and its management API, the zone of the names.
 *
 * @param jdbcUrl       the database, credentials included (never printed)
 * @param prefix        the table prefix
 * @param kekFile       the key-encryption key file every instance shares
 * @param directory     the ACME directory URL
 * @param trustPem      a PEM file with the CA's TLS root
 * @param dns           the DNS server the CA validates against
 * @param dnsManagement the DNS server's management API
 * @param zone          the zone every certificate name lives in
 */
record ManagerSetup(String jdbcUrl, String prefix, Path kekFile, URI directory, Path trustPem, InetSocketAddress dns,
                    URI dnsManagement, String zone) {

    /** The zone of every name in these tests. */
    static final String ZONE = "engine.test";

    /** A setup for {@code ca}, writing its TLS root and creating the KEK file in {@code dir}. */
    static ManagerSetup of(TestCa ca, String jdbcUrl, String prefix, Path dir) {
        try {
            Files.createDirectories(dir);
            Path pem = dir.resolve("ca-root.pem");
            Files.writeString(pem, ca.tlsRootPem(), StandardCharsets.US_ASCII);
            Path kek = dir.resolve("kek");
            KeyProtection.localKeyFile(kek); // created once here, so that no two children race to create it
            return new ManagerSetup(jdbcUrl, prefix, kek, ca.directoryUrl(), pem, ca.dnsAddress(),
                    ca.dns().managementUrl().orElseThrow(), ZONE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The setup as arguments for {@link #fromArgs}. */
    List<String> toArgs() {
        return List.of("jdbcUrl=" + jdbcUrl, "prefix=" + prefix, "kek=" + kekFile, "directory=" + directory,
                "trustPem=" + trustPem, "dns=" + dns.getHostString() + ":" + dns.getPort(),
                "dnsManagement=" + dnsManagement, "zone=" + zone);
    }

    /** Reads {@code key=value} arguments: the setup's and any others (returned in {@code rest}). */
    static ManagerSetup fromArgs(String[] args, Map<String, String> rest) {
        Map<String, String> a = new HashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            a.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        String[] dns = a.remove("dns").split(":");
        ManagerSetup setup = new ManagerSetup(a.remove("jdbcUrl"), a.remove("prefix"), Path.of(a.remove("kek")),
                URI.create(a.remove("directory")), Path.of(a.remove("trustPem")),
                new InetSocketAddress(dns[0], Integer.parseInt(dns[1])), URI.create(a.remove("dnsManagement")),
                a.remove("zone"));
        rest.putAll(a);
        return setup;
    }

    /** A connection pool on the database; the caller closes it. */
    HikariDataSource pool(String name, int size) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setPoolName(name);
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(1);
        return new HikariDataSource(config);
    }

    /** A store on {@code dataSource} under the prefix, creating the schema if missing. */
    JdbcCertificateStore store(DataSource dataSource) {
        return JdbcCertificateStore.builder(dataSource).tablePrefix(prefix).createSchemaIfMissing(true).build();
    }

    /** The key protection every instance shares (the KEK file). */
    KeyProtection keyProtection() {
        return KeyProtection.aesGcm(KeyProtection.localKeyFile(kekFile));
    }

    /** The DNS provider writing into the test JVM's DNS server through its management API. */
    DnsChallengeProvider dnsProvider() {
        return new ManagementApiDns(dnsManagement, dns);
    }

    /** A manager builder on {@code store}: the CA, {@code dnsProvider} for the zone, the shared KEK, quick polling. */
    CertificateManagerBuilder manager(JdbcCertificateStore store, DnsChallengeProvider dnsProvider, int jobs) {
        return CertificateManager.builder()
                .issuer(AcmeIssuer.at(directory).name("test-ca").trustStore(trustStore()).agreeToTermsOfService()
                        .contact("mailto:ops@" + zone).parallelism(jobs).build())
                .dns(zone, dnsProvider)
                .store(store)
                .keyProtection(keyProtection())
                .maxConcurrentJobs(jobs)
                .propagation(PropagationSettings.builder().resolver(dns).nameservers(dns)
                        .interval(Duration.ofMillis(20), Duration.ofMillis(200)).build());
    }

    /**
     * A racing instance for the exactly-once tests, not started: {@code jobs} jobs at once, quick job polling, the
     * renewal scheduler ticking every second on {@code clock}, and every {@code cert.renewed} it commits counted in
     * {@code renewed}.
     */
    CertificateManager racer(JdbcCertificateStore store, DnsChallengeProvider dnsProvider, int jobs, String instanceId,
                             Clock clock, AtomicInteger renewed) {
        return manager(store, dnsProvider, jobs).instanceId(instanceId).clock(clock)
                .jobPollInterval(Duration.ofMillis(100))
                .renewal(RenewalSettings.builder().checkInterval(Duration.ofSeconds(1)).build())
                .listener(e -> {
                    if (e.type() == EventType.CERT_RENEWED) {
                        renewed.incrementAndGet();
                    }
                })
                .build();
    }

    private KeyStore trustStore() {
        try {
            X509Certificate root = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(trustPem)));
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setCertificateEntry("test-ca", root);
            return ks;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("bad trust PEM " + trustPem, e);
        }
    }

    // ---- assertions shared by the tests --------------------------------------------------------------------------

    /** The stored encrypted key decrypts (with the shared KEK) to the key of the stored certificate. */
    void assertKeyMatchesCertificate(CertificateRecord cert) throws GeneralSecurityException {
        PrivateKey key = keyProtection().unprotect(cert.key().orElseThrow(), cert.id());
        X509Certificate leaf = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
                new ByteArrayInputStream(cert.chainPem().orElseThrow().getBytes(StandardCharsets.US_ASCII)));
        PublicKey pub = leaf.getPublicKey();
        String alg = pub.getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
        byte[] data = cert.id().getBytes(StandardCharsets.US_ASCII);
        Signature signer = Signature.getInstance(alg);
        signer.initSign(key);
        signer.update(data);
        Signature verifier = Signature.getInstance(alg);
        verifier.initVerify(pub);
        verifier.update(data);
        assertThat(verifier.verify(signer.sign())).as("stored key of %s matches its certificate", cert.id()).isTrue();
    }

    /** How many CA events of {@code type} each set of identifiers (sorted) has. */
    static Map<List<String>, Long> countByIdentifiers(TestCa ca, CaEvent.Type type) {
        return ca.events().ofType(type).stream().collect(Collectors.groupingBy(e -> sorted(e.identifiers()),
                Collectors.counting()));
    }

    /** The names, sorted (the key of {@link #countByIdentifiers}). */
    static List<String> sorted(List<String> names) {
        List<String> s = new ArrayList<>(names);
        s.sort(null);
        return s;
    }
}
