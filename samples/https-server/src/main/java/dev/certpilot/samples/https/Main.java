package dev.certpilot.samples.https;

import dev.certpilot.ManagedCertificate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the sample: serves HTTPS on {@code 127.0.0.1:8443} with a certificate from the bundled test CA, connects to
 * itself (serial A), renews the certificate, connects again (serial B, same server, no restart) and stops.
 *
 * <pre>
 * bin/https-server                 # the demonstration above
 * bin/https-server --serve         # then keeps serving until Ctrl-C; prints a curl command to try it
 * bin/https-server --port 0        # any free port
 * </pre>
 */
public final class Main {

    private Main() {
    }

    /**
     * Runs the sample.
     *
     * @param args {@code [--port N] [--serve]}
     */
    public static void main(String[] args) throws Exception {
        int port = 8443;
        boolean serve = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--serve" -> serve = true;
                default -> throw new IllegalArgumentException("unknown flag '" + args[i] + "' (--port N, --serve)");
            }
        }
        try (HttpsServerSample sample = HttpsServerSample.start(port)) {
            ManagedCertificate first = sample.certificate();
            System.out.printf("serving https://example.test:%d/ (and any *.example.test name) on 127.0.0.1%n",
                    sample.port());
            System.out.printf("certificate %s v%d, serial %s, valid until %s (profile %s)%n", first.id(),
                    first.version(), first.serial().orElseThrow(), first.notAfter().orElseThrow(),
                    first.profile().orElse("default"));
            SampleClient client = new SampleClient(sample.trustedRoots());
            show(client.get(sample.port(), "example.test"), "example.test");
            show(client.get(sample.port(), "www.example.test"), "www.example.test");

            ManagedCertificate renewed = sample.renew();
            System.out.printf("renewed: v%d, serial %s (the server kept running)%n", renewed.version(),
                    renewed.serial().orElseThrow());
            show(client.get(sample.port(), "example.test"), "example.test");
            show(client.get(sample.port(), "www.example.test"), "www.example.test");

            if (serve) {
                Path roots = Files.createTempFile("certpilot-test-ca-roots", ".pem");
                roots.toFile().deleteOnExit();
                Files.writeString(roots, pem(sample.trustedRoots()));
                System.out.printf("try: curl --cacert %s --resolve example.test:%d:127.0.0.1 https://example.test:%d/%n",
                        roots, sample.port(), sample.port());
                System.out.println("serving until Ctrl-C");
                CountDownLatch stop = new CountDownLatch(1);
                Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
                stop.await();
            }
        }
    }

    private static String pem(List<X509Certificate> certificates) throws CertificateEncodingException {
        StringBuilder sb = new StringBuilder();
        for (X509Certificate c : certificates) {
            sb.append("-----BEGIN CERTIFICATE-----\n")
                    .append(Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(c.getEncoded()))
                    .append("\n-----END CERTIFICATE-----\n");
        }
        return sb.toString();
    }

    private static void show(SampleClient.Answer answer, String name) {
        System.out.printf("  https://%s/ -> serial %s: %s%n", name, answer.serial(), answer.body());
    }
}
