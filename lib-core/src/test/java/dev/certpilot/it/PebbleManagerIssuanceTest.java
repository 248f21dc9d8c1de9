package dev.certpilot.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.certpilot.CertificateManager;
import dev.certpilot.CertificateRequest;
import dev.certpilot.CertificateState;
import dev.certpilot.ManagedCertificate;
import dev.certpilot.PropagationSettings;
import dev.certpilot.acme.AcmeIssuer;
import dev.certpilot.testca.AcmeTestEnvironment;
import dev.certpilot.testca.PebbleLauncher;
import dev.certpilot.testca.it.ExternalTools;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * The manager suite against real Pebble 2.4 + pebble-challtestsrv from Debian (5 % rejected nonces, 50 % reused
 * authorizations, no validation sleep). Skipped without Pebble, failed instead under
 * {@code CERTPILOT_REQUIRE_EXTERNAL=1}.
 */
class PebbleManagerIssuanceTest extends ManagerIssuanceSuite {

    @Override
    protected AcmeTestEnvironment startEnvironment() {
        requirePebble();
        return PebbleLauncher.builder().start();
    }

    private static void requirePebble() {
        ExternalTools.require("Pebble 2.4 (/usr/bin/pebble)", PebbleLauncher.isAvailable(), "apt-get install -y pebble");
    }

    @Test
    void externalAccountBindingWithARealPebbleThatRequiresIt() {
        byte[] hmac = new byte[32];
        new java.security.SecureRandom().nextBytes(hmac);
        String hmacB64 = Base64.getUrlEncoder().withoutPadding().encodeToString(hmac);
        try (PebbleLauncher.Running eab = PebbleLauncher.builder().externalAccountBinding("kid-eab", hmac).start()) {
            CertificateManager m = started(CertificateManager.builder()
                    .issuer(AcmeIssuer.at(eab.directoryUrl()).name("pebble-eab").trustStore(eab.trustStore())
                            .agreeToTermsOfService().externalAccountBinding("kid-eab", hmacB64).build())
                    .dns(ZONE, new EnvironmentDnsProvider(eab.dns()))
                    .propagation(PropagationSettings.builder().resolver(eab.dnsAddress())
                            .nameservers(eab.dnsAddress()).build()));
            ManagedCertificate cert = m.request(CertificateRequest.forDomains(freshName()).build())
                    .awaitIssued(ISSUE_TIMEOUT);
            assertThat(cert.state()).isEqualTo(CertificateState.ISSUED);
        }
    }
}
