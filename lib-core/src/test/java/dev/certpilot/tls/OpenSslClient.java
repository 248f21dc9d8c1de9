package dev.certpilot.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.certpilot.internal.crypto.Pem;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code openssl s_client} as a TLS client: connects to a loopback port with an SNI name, verifies the
 * chain against a CA file and the name against the certificate, and returns the certificate the server sent.
 */
final class OpenSslClient {

    private final Path openssl;
    private final Path caFile;

    OpenSslClient(Path openssl, Path caFile) {
        this.openssl = openssl;
        this.caFile = caFile;
    }

    /** The server's leaf, after {@code s_client} verified it ({@code Verify return code: 0 (ok)}). */
    X509Certificate serverCertificate(int port, String serverName, Path workDir) throws Exception {
        Path out = Files.createTempFile(workDir, "s_client", ".txt");
        Process p = new ProcessBuilder(openssl.toString(), "s_client", "-connect", "127.0.0.1:" + port,
                "-servername", serverName, "-verify_hostname", serverName, "-verify_return_error",
                "-CAfile", caFile.toString())
                .redirectErrorStream(true).redirectOutput(out.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("openssl s_client did not finish: " + Files.readString(out));
        }
        String output = Files.readString(out);
        assertThat(output).as("openssl s_client output").contains("Verify return code: 0 (ok)");
        int begin = output.indexOf("-----BEGIN CERTIFICATE-----");
        int end = output.indexOf("-----END CERTIFICATE-----", begin);
        assertThat(begin).as("certificate in the output of openssl s_client").isNotNegative();
        List<X509Certificate> certs = Pem.parseCertificates(output.substring(begin,
                end + "-----END CERTIFICATE-----".length()) + "\n");
        return certs.get(0);
    }
}
