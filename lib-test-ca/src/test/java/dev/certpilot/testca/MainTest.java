package dev.certpilot.testca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The standalone launcher, on free ports. */
class MainTest {

    @Test
    void startsEverythingAndPrintsTheDirectory(@TempDir Path dir) throws Exception {
        Path root = dir.resolve("root.pem");
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (TestCa running = Main.start(new String[] {"--acme", "127.0.0.1:0", "--management", "127.0.0.1:0",
            "--dns", "127.0.0.1:0", "--dns-management", "127.0.0.1:0", "--tls-root-out", root.toString(), "--seed",
            "3", "--validity", "7d", "--eab", "kid:AAAAAAAAAAAAAAAAAAAAAA", "--profile", "tiny=PT10M"},
                new PrintStream(buf, true, StandardCharsets.UTF_8))) {
            String out = buf.toString(StandardCharsets.UTF_8);
            assertThat(out).contains("Directory: " + running.directoryUrl());
            assertThat(out).contains("DNS management: http://127.0.0.1:");
            assertThat(Files.readString(root)).isEqualTo(running.tlsRootPem());
            assertThat(running.dns().txt("x.test")).isEmpty();

            HttpClient http = HttpClient.newHttpClient();
            URI mgmt = running.dns().managementUrl().orElseThrow();
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(mgmt.resolve("/set-txt")).POST(
                    HttpRequest.BodyPublishers.ofString("{\"host\":\"_acme-challenge.lego.test.\",\"value\":\"v\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(running.dns().txt("_acme-challenge.lego.test")).containsExactly("v");

            var session = Acme4j.session(running);
            assertThat(session.getMetadata().getProfiles()).contains("tiny");
            var cert = Acme4j.issue(running, new org.shredzone.acme4j.AccountBuilder().agreeToTermsOfService()
                    .useKeyPair(org.shredzone.acme4j.util.KeyPairUtils.createECKeyPair("secp256r1"))
                    .create(session), org.shredzone.acme4j.util.KeyPairUtils.createECKeyPair("secp256r1"),
                    "lego.example.test");
            var leaf = cert.getCertificate();
            assertThat(Duration.between(leaf.getNotBefore().toInstant(), leaf.getNotAfter().toInstant()))
                    .isEqualTo(Duration.ofDays(7));
        }
    }

    @Test
    void refusesBadFlagsAndPrintsHelp() {
        assertThatThrownBy(() -> Main.start(new String[] {"--nope"}, System.out))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown flag --nope");
        assertThatThrownBy(() -> Main.start(new String[] {"--acme"}, System.out))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Main.start(new String[] {"--acme", "nohost"}, System.out))
                .isInstanceOf(IllegalArgumentException.class);
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        assertThat(Main.start(new String[] {"--help"}, new PrintStream(buf, true, StandardCharsets.UTF_8))).isNull();
        assertThat(buf.toString(StandardCharsets.UTF_8)).contains("--tls-root-out");
        assertThat(Main.duration("160h")).isEqualTo(Duration.ofHours(160));
        assertThat(Main.duration("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Main.duration("P90D")).isEqualTo(Duration.ofDays(90));
        assertThatThrownBy(() -> Main.duration("soon")).isInstanceOf(IllegalArgumentException.class);
    }
}
