package dev.certpilot.distribution;

import dev.certpilot.CertificateManager;
import dev.certpilot.CertificateManagerBuilder;
import dev.certpilot.InMemoryDnsProvider;
import dev.certpilot.ManagedCertificate;
import dev.certpilot.PropagationSettings;
import dev.certpilot.acme.AcmeIssuer;
import dev.certpilot.spi.Delivery;
import dev.certpilot.testca.TestCa;
import java.time.Duration;

/** A {@link CertificateManager} wired to the bundled test CA for names under {@value #ZONE}, and deliveries of it. */
public final class TestCaWiring {

    /** The zone the test CA's DNS serves for these managers. */
    public static final String ZONE = "example.test";

    private TestCaWiring() {
    }

    /** A builder with the CA as issuer, DNS records mirrored into its DNS server and quick propagation checks. */
    public static CertificateManagerBuilder managerBuilder(TestCa ca) {
        InMemoryDnsProvider dns = new InMemoryDnsProvider().onChange((record, added) -> {
            if (added) {
                ca.dns().addTxt(record.fqdn(), record.value());
            } else {
                ca.dns().removeTxt(record.fqdn(), record.value());
            }
        });
        return CertificateManager.builder()
                .issuer(AcmeIssuer.at(ca.directoryUrl()).name("test-ca").trustStore(ca.trustStore())
                        .agreeToTermsOfService().build())
                .dns(ZONE, dns)
                .propagation(PropagationSettings.builder().resolver(ca.dnsAddress()).nameservers(ca.dnsAddress())
                        .interval(Duration.ofMillis(20), Duration.ofMillis(200)).build());
    }

    /** What the manager's fan-out will hand targets for the certificate's current version. */
    public static Delivery deliveryOf(ManagedCertificate c) {
        return new Delivery(c.id(), c.version(), c.names(), c.chain(), c.privateKey(), false);
    }
}
