package dev.certpilot.samples.quickstart;

import dev.certpilot.CertificateEvent;
import dev.certpilot.CertificateFilter;
import dev.certpilot.CertificateHandle;
import dev.certpilot.CertificateManager;
import dev.certpilot.CertificateRequest;
import dev.certpilot.InMemoryDnsProvider;
import dev.certpilot.KeyProtection;
import dev.certpilot.ManagedCertificate;
import dev.certpilot.PageRequest;
import dev.certpilot.PropagationSettings;
import dev.certpilot.acme.AcmeIssuer;
import dev.certpilot.jdbc.JdbcCertificateStore;
import dev.certpilot.spi.AccountRecord;
import dev.certpilot.testca.TestCa;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.h2.jdbcx.JdbcConnectionPool;

/**
 * certpilot's first program: starts the bundled test CA (an ACME server and an authoritative DNS server, in this
 * JVM), asks a {@link CertificateManager} for a certificate for {@code example.test} and {@code *.example.test},
 * prints what happened and writes the certificate chain and its private key to {@code ./out}.
 *
 * <p><b>State survives between runs.</b> The store is an embedded H2 database in the output directory
 * ({@code out/certpilot.mv.db}, a {@link JdbcCertificateStore} that creates its schema on first use), and private
 * keys are encrypted with a key-encryption key kept in {@code out/kek} (created with mode 0600). So a second run
 * finds the first run's certificate and ACME account, prints them, and <em>renews</em> that certificate: same id,
 * next version, new key and serial. Delete {@code out/} to start over.
 *
 * <p><b>Why the CA listens on port 14000.</b> The bundled CA lives only as long as this JVM: every run starts a new
 * one, with a new TLS root, that knows nothing of earlier accounts or certificates. certpilot keeps one ACME
 * account per directory URL, so the CA gets a fixed address ({@code https://127.0.0.1:14000/dir}, Pebble's usual
 * port): the stored account matches it, and certpilot registers the stored account key again at the new CA
 * (a CA that has forgotten an account is handled the same way in production). Were the port taken, the CA falls
 * back to a free port, the run says so and a second account is stored beside the first; nothing else changes.
 * Renewing asks the new CA to {@code replace} a certificate it never issued; it refuses, and certpilot orders
 * again without {@code replaces} (one line in the log).
 *
 * <p>Everything else is a default: EC P-256 key, DNS records published through an in-memory provider mirrored into
 * the CA's DNS server. A run interrupted in the middle of an issuance leaves a job that the next run takes over
 * (leases last 10 s here, instead of 2 minutes, since only one process uses this store).
 */
public final class Quickstart {

    /** The port the bundled CA tries first, so that its directory URL (and thus the ACME account) stays the same. */
    public static final int PREFERRED_CA_PORT = 14000;

    private static final List<String> NAMES = List.of("example.test", "*.example.test");

    private Quickstart() {
    }

    /**
     * Runs the sample.
     *
     * @param args optional: the output directory (default {@code out}), then the CA's port (default
     *             {@value #PREFERRED_CA_PORT})
     */
    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "out");
        int port = args.length > 1 ? Integer.parseInt(args[1]) : PREFERRED_CA_PORT;
        run(out, port);
    }

    /**
     * What one run did.
     *
     * @param certificate      the certificate issued or renewed by this run
     * @param earlier          the certificates the store held before this run
     * @param earlierAccounts  the ACME accounts the store held before this run
     * @param directoryUrl     this run's CA
     */
    public record Outcome(ManagedCertificate certificate, List<ManagedCertificate> earlier,
                          List<AccountRecord> earlierAccounts, String directoryUrl) {
    }

    /**
     * Runs the sample: state in {@code out}, the CA on {@code port} if it is free (else on any free port).
     *
     * @return what the run found and did
     */
    public static Outcome run(Path out, int port) throws Exception {
        long started = System.nanoTime();
        Files.createDirectories(out);
        // WRITE_DELAY=0: H2 writes a commit before it returns (its default, 500 ms later, would lose the last
        // checkpoints of a killed process); DB_CLOSE_DELAY default: the database closes with the pool
        JdbcConnectionPool pool = JdbcConnectionPool.create("jdbc:h2:file:" + out.toAbsolutePath().resolve("certpilot")
                + ";WRITE_DELAY=0;LOCK_TIMEOUT=10000", "sa", "");
        try (TestCa ca = startCa(port)) {
            JdbcCertificateStore store = JdbcCertificateStore.builder(pool).createSchemaIfMissing(true).build();
            KeyProtection keys = KeyProtection.aesGcm(KeyProtection.localKeyFile(out.resolve("kek")));
            List<AccountRecord> earlierAccounts = store.accounts();
            // certpilot publishes TXT records here; they are mirrored into the test DNS server the CA queries
            InMemoryDnsProvider dns = new InMemoryDnsProvider().onChange((record, added) -> {
                if (added) {
                    ca.dns().addTxt(record.fqdn(), record.value());
                } else {
                    ca.dns().removeTxt(record.fqdn(), record.value());
                }
            });
            try (CertificateManager manager = CertificateManager.builder()
                    .issuer(AcmeIssuer.at(ca.directoryUrl()).name("test-ca").trustStore(ca.trustStore())
                            .agreeToTermsOfService().build())
                    .dns("example.test", dns)
                    .store(store)
                    .keyProtection(keys)
                    .leaseDuration(Duration.ofSeconds(10))
                    .jobPollInterval(Duration.ofSeconds(1))
                    .propagation(PropagationSettings.builder().resolver(ca.dnsAddress())
                            .nameservers(ca.dnsAddress()).build())
                    .build()) {
                manager.start();
                List<ManagedCertificate> earlier = manager.list(CertificateFilter.ALL, PageRequest.first(100)).items();
                printEarlier(earlier, earlierAccounts, ca.directoryUrl().toString());
                Optional<ManagedCertificate> mine = earlier.stream().filter(c -> c.names().equals(NAMES)).findFirst();
                CertificateHandle handle = mine.isPresent() ? manager.renew(mine.get().id())
                        : manager.request(CertificateRequest.forDomains(NAMES).build());
                ManagedCertificate cert = handle.awaitIssued(Duration.ofSeconds(30));
                System.out.println((mine.isPresent() ? "renewed" : "issued") + " certificate " + cert.id()
                        + " (version " + cert.version() + ")");
                print(cert, manager.timeline(cert.id()));
                write(cert, out);
                System.out.printf("done in %d ms%n", (System.nanoTime() - started) / 1_000_000);
                return new Outcome(cert, earlier, earlierAccounts, ca.directoryUrl().toString());
            }
        } finally {
            pool.dispose();
        }
    }

    private static TestCa startCa(int port) {
        try {
            return TestCa.builder().port(port).start();
        } catch (UncheckedIOException e) {
            if (!(e.getCause() instanceof BindException)) {
                throw e;
            }
            System.out.println("port " + port + " is taken: the test CA listens on another port, so this run"
                    + " registers a new ACME account (accounts belong to a directory URL)");
            return TestCa.builder().start();
        }
    }

    private static void printEarlier(List<ManagedCertificate> earlier, List<AccountRecord> accounts,
                                     String directoryUrl) {
        System.out.println("found " + earlier.size() + " certificate" + (earlier.size() == 1 ? "" : "s")
                + " from earlier runs" + (earlier.isEmpty() ? "" : ":"));
        for (ManagedCertificate c : earlier) {
            System.out.println("  " + c.id() + "  " + String.join(", ", c.names()) + "  " + c.state() + " version "
                    + c.version() + c.serial().map(s -> " serial " + s).orElse("")
                    + c.notAfter().map(t -> " expires " + t).orElse(""));
        }
        System.out.println("found " + accounts.size() + " ACME account" + (accounts.size() == 1 ? "" : "s")
                + " from earlier runs" + (accounts.isEmpty() ? "" : ":"));
        for (AccountRecord a : accounts) {
            System.out.println("  " + a.directoryUrl() + "  " + a.accountUrl().orElse("(not registered)")
                    + (a.directoryUrl().equals(directoryUrl) ? "  (this run's CA: reused)" : ""));
        }
    }

    private static void print(ManagedCertificate cert, List<CertificateEvent> timeline) {
        X509Certificate leaf = cert.certificate().orElseThrow();
        System.out.println("certificate " + cert.id() + " is " + cert.state());
        System.out.println("  subject:  " + leaf.getSubjectX500Principal().getName());
        System.out.println("  names:    " + String.join(", ", cert.names()));
        System.out.println("  serial:   " + cert.serial().orElseThrow());
        System.out.println("  expires:  " + cert.notAfter().orElseThrow());
        System.out.println("  renew at: " + cert.nextRenewalAt().map(Object::toString).orElse("never"));
        System.out.println("timeline:");
        for (CertificateEvent e : timeline) {
            System.out.printf("  %s  %-20s %s%n", e.at(), e.type().code(), e.details());
        }
    }

    private static void write(ManagedCertificate cert, Path out) throws IOException {
        writeAtomically(out.resolve("cert.pem"), cert.chainPem().orElseThrow(), "rw-r--r--");
        writeAtomically(out.resolve("key.pem"), cert.privateKeyPem().orElseThrow(), "rw-------");
        System.out.println("wrote " + out.resolve("cert.pem") + " and " + out.resolve("key.pem") + " (0600)");
    }

    private static void writeAtomically(Path target, String content, String permissions) throws IOException {
        Path tmp = Files.createTempFile(target.getParent(), ".certpilot", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions)));
        Files.writeString(tmp, content);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
