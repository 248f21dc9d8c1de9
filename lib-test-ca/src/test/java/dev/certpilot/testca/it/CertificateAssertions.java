package dev.certpilot.testca.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.security.GeneralSecurityException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.shredzone.acme4j.Certificate;

/** Checks on issued certificates shared by the integration tests. */
public final class CertificateAssertions {

    private static final Integer DNS_NAME = 2;

    private CertificateAssertions() {
    }

    /** The DNS names in the certificate's subjectAltName extension, in order. */
    public static List<String> dnsNames(X509Certificate certificate) throws CertificateParsingException {
        List<String> names = new ArrayList<>();
        if (certificate.getSubjectAlternativeNames() != null) {
            for (List<?> san : certificate.getSubjectAlternativeNames()) {
                if (DNS_NAME.equals(san.get(0))) {
                    names.add((String) san.get(1));
                }
            }
        }
        return names;
    }

    /** Asserts that every certificate of {@code chain} is signed by the next and the last by one of {@code roots}. */
    public static void assertChainsTo(List<X509Certificate> chain, List<X509Certificate> roots)
            throws GeneralSecurityException {
        assertThat(chain).hasSizeGreaterThanOrEqualTo(2);
        for (int i = 0; i + 1 < chain.size(); i++) {
            chain.get(i).verify(chain.get(i + 1).getPublicKey());
        }
        X509Certificate top = chain.get(chain.size() - 1);
        Optional<X509Certificate> root = roots.stream()
                .filter(r -> r.getSubjectX500Principal().equals(top.getIssuerX500Principal()))
                .findFirst();
        assertThat(root).as("an issuing root named %s", top.getIssuerX500Principal()).isPresent();
        top.verify(root.get().getPublicKey());
    }

    /** Asserts that the leaf's validity (notAfter - notBefore) is {@code expected} within {@code tolerance}. */
    public static void assertValidity(Certificate certificate, Duration expected, Duration tolerance) {
        X509Certificate leaf = certificate.getCertificate();
        Duration validity = Duration.between(leaf.getNotBefore().toInstant(), leaf.getNotAfter().toInstant());
        assertThat(validity.toSeconds()).isCloseTo(expected.toSeconds(), within(tolerance.toSeconds()));
    }
}
