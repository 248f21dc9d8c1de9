package dev.certpilot.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.certpilot.CertificateManager;
import dev.certpilot.CertificateRequest;
import dev.certpilot.ManagedCertificate;
import dev.certpilot.RevocationReason;
import dev.certpilot.distribution.TestCaWiring;
import dev.certpilot.testca.TestCa;
import java.math.BigInteger;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The key manager as a distribution target of a real manager: it serves what is issued, renewed, and no more. */
class KeyManagerAsTargetTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @Test
    void servesIssuedAndRenewedVersionsAndDropsRevokedAndDeletedOnes() {
        try (TestCa ca = TestCa.builder().start()) {
            CertpilotKeyManager keyManager = CertpilotKeyManager.create();
            try (CertificateManager m = TestCaWiring.managerBuilder(ca).target(keyManager).build()) {
                m.start();
                ManagedCertificate a = m.request(CertificateRequest.forDomains("a.example.test")
                        .distributeTo(keyManager.name()).build()).awaitIssued(TIMEOUT);
                ManagedCertificate b = m.request(CertificateRequest.forDomains("b.example.test")
                        .distributeTo(keyManager.name()).build()).awaitIssued(TIMEOUT);
                // the handle completes after delivery: the key manager already serves it
                assertThat(serial(keyManager, "a.example.test")).isEqualTo(a.serial().orElseThrow());
                assertThat(serial(keyManager, "b.example.test")).isEqualTo(b.serial().orElseThrow());

                ManagedCertificate a2 = m.renew(a.id()).awaitIssued(TIMEOUT);
                assertThat(serial(keyManager, "a.example.test")).isEqualTo(a2.serial().orElseThrow());

                m.revoke(a.id(), RevocationReason.KEY_COMPROMISE);
                assertThat(keyManager.certificateFor("a.example.test")).isEmpty();
                assertThat(ca.certificateStatus(new BigInteger(a2.serial().orElseThrow(), 16)).orElseThrow().revoked())
                        .isTrue();

                m.delete(b.id(), false);
                assertThat(keyManager.certificateFor("b.example.test")).isEmpty();
                assertThat(keyManager.size()).isZero();
            }
        }
    }

    private static String serial(CertpilotKeyManager km, String name) {
        return km.certificateFor(name).orElseThrow().getSerialNumber().toString(16);
    }
}
