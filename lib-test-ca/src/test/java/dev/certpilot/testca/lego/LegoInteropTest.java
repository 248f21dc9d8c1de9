package dev.certpilot.testca.lego;

import static org.assertj.core.api.Assertions.assertThat;

import dev.certpilot.testca.AcmeTestEnvironment;
import dev.certpilot.testca.PebbleLauncher;
import dev.certpilot.testca.it.EnvironmentOptions;
import dev.certpilot.testca.it.ExternalTools;
import dev.certpilot.testca.it.PebbleEnvironments;
import dev.certpilot.testca.it.TestNames;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * An unmodified non-Java ACME client, Debian's {@code lego} 4.9.1, obtains an apex + wildcard certificate with its
 * {@code exec} DNS provider driving a pebble-challtestsrv compatible management API.
 *
 * <p>{@link #legoObtainsApexAndWildcard} takes any {@link AcmeTestEnvironment} plus the URL of its DNS management
 * API; today it runs against real Pebble, and the bundled CA's standalone jar is the next target (its
 * {@code --dns-management} port speaks the same API).
 */
@Timeout(180)
class LegoInteropTest {

    private static final Duration LEGO_TIMEOUT = Duration.ofSeconds(120);

    @TempDir
    Path directory;

    @Test
    void legoObtainsApexAndWildcardFromPebble() throws Exception {
        try (PebbleLauncher.Running pebble = PebbleEnvironments.start(EnvironmentOptions.DEFAULT)) {
            legoObtainsApexAndWildcard(pebble, pebble.dnsManagementUrl());
        }
    }

    /**
     * Runs lego for {@code <fresh>.test} and {@code *.<fresh>.test} against {@code target}, whose DNS is driven
     * through the challtestsrv-compatible API at {@code dnsManagementUrl}, and checks the saved certificate.
     */
    void legoObtainsApexAndWildcard(AcmeTestEnvironment target, URI dnsManagementUrl) throws Exception {
        Path binary = ExternalTools.requireCommand("lego", "lego");
        ExternalTools.requireCommand("curl", "curl");
        String apex = TestNames.freshDomain();

        Lego.Result result = new Lego(binary, directory).obtain(target.directoryUrl(), target.tlsRootPem(),
                dnsManagementUrl, target.dnsAddress(), List.of(apex, "*." + apex), LEGO_TIMEOUT);

        assertThat(result.exitCode()).as("lego exit code (%s on %s); output:%n%s", result.elapsed(), target.name(),
                result.output()).isZero();
        List<X509Certificate> chain = readChain(result.certificate());
        assertThat(chain).hasSizeGreaterThanOrEqualTo(2);
        assertThat(chain.get(0).getSubjectAlternativeNames())
                .extracting(san -> (Object) san.get(1))
                .containsExactlyInAnyOrder(apex, "*." + apex);
        X509Certificate top = chain.get(chain.size() - 1);
        assertThat(target.issuingRoots()).anySatisfy(root -> top.verify(root.getPublicKey()));
        assertThat(target.dns().txt("_acme-challenge." + apex)).as("lego cleaned up its TXT records").isEmpty();
        System.out.printf("lego obtained %s + *.%s from %s in %d ms%n", apex, apex, target.name(),
                result.elapsed().toMillis());
    }

    private static List<X509Certificate> readChain(Path pem) throws Exception {
        assertThat(pem).as("certificate saved by lego").exists();
        List<X509Certificate> chain = new ArrayList<>();
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        factory.generateCertificates(new ByteArrayInputStream(Files.readAllBytes(pem)))
                .forEach(certificate -> chain.add((X509Certificate) certificate));
        return chain;
    }
}
