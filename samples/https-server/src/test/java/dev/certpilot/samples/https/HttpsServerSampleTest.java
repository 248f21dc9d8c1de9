package dev.certpilot.samples.https;

import static org.assertj.core.api.Assertions.assertThat;

import dev.certpilot.ManagedCertificate;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class HttpsServerSampleTest {

    @Test
    void serialAThenSerialBOverRealHttpsWithoutRestart() throws Exception {
        try (HttpsServerSample sample = HttpsServerSample.start(0)) {
            ManagedCertificate a = sample.certificate();
            assertThat(a.profile()).contains("shortlived");
            assertThat(Duration.between(a.notBefore().orElseThrow(), a.notAfter().orElseThrow()))
                    .isLessThanOrEqualTo(Duration.ofHours(160));
            SampleClient client = new SampleClient(sample.trustedRoots());
            int port = sample.port();
            for (String name : List.of("example.test", "www.example.test")) {
                SampleClient.Answer answer = client.get(port, name);
                assertThat(answer.serial()).as(name).isEqualTo(a.serial().orElseThrow());
                assertThat(answer.body()).isEqualTo("hello over TLS, served with certificate serial "
                        + a.serial().orElseThrow());
            }

            ManagedCertificate b = sample.renew();
            assertThat(b.version()).isEqualTo(2);
            assertThat(b.serial()).isNotEqualTo(a.serial());
            assertThat(sample.port()).isEqualTo(port);
            for (String name : List.of("example.test", "www.example.test")) {
                SampleClient.Answer answer = client.get(port, name);
                assertThat(answer.serial()).as(name).isEqualTo(b.serial().orElseThrow());
                assertThat(answer.body()).endsWith(b.serial().orElseThrow());
            }
        }
    }

    @Test
    void mainPrintsSerialAThenSerialB() throws Exception {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            Main.main(new String[] {"--port", "0"});
        } finally {
            System.setOut(original);
        }
        String out = captured.toString(StandardCharsets.UTF_8);
        Matcher served = Pattern.compile("-> serial ([0-9a-f]+): hello over TLS, served with certificate serial "
                + "([0-9a-f]+)").matcher(out);
        List<String> serials = served.results().map(r -> r.group(1)).toList();
        assertThat(serials).hasSize(4);
        assertThat(serials.get(0)).isEqualTo(serials.get(1));
        assertThat(serials.get(2)).isEqualTo(serials.get(3)).isNotEqualTo(serials.get(0));
        assertThat(out).contains("renewed: v2, serial " + serials.get(2));
    }
}
