package dev.certpilot.samples.quickstart;

import dev.certpilot.CertificateEvent;
import dev.certpilot.CertificateManager;
import dev.certpilot.CertificateRequest;
import dev.certpilot.InMemoryDnsProvider;
import dev.certpilot.ManagedCertificate;
import dev.certpilot.PropagationSettings;
import dev.certpilot.acme.AcmeIssuer;
import dev.certpilot.testca.TestCa;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;

/**
 * certpilot's first program: starts the bundled test CA (an ACME server and an authoritative DNS server, in this
 * JVM), asks a {@link CertificateManager} for a certificate for {@code example.test} and {@code *.example.test},
 * prints what happened and writes the certificate chain and its private key to {@code ./out}.
 *
 * <p>Everything else is a default: in-memory store, EC P-256 key, key encrypted at rest with a key that lives as
 * long as this JVM.
 */
public final class Quickstart {

    private Quickstart() {
    }

    /**
     * Runs the sample.
     *
     * @param args optional: the output directory (default {@code out})
     */
    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "out");
        long started = System.nanoTime();
        try (TestCa ca = TestCa.builder().start()) {
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
                    .propagation(PropagationSettings.builder().resolver(ca.dnsAddress())
                            .nameservers(ca.dnsAddress()).build())
                    .build()) {
                manager.start();
                ManagedCertificate cert = manager
                        .request(CertificateRequest.forDomains("example.test", "*.example.test").build())
                        .awaitIssued(Duration.ofSeconds(30));
                print(cert, manager.timeline(cert.id()));
                write(cert, out);
            }
        }
        System.out.printf("done in %d ms%n", (System.nanoTime() - started) / 1_000_000);
    }

    private static void print(ManagedCertificate cert, List<CertificateEvent> timeline) throws Exception {
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
        Files.createDirectories(out);
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
