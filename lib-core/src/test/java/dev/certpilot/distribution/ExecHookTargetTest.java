package dev.certpilot.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.certpilot.ErrorCode;
import dev.certpilot.spi.Delivery;
import dev.certpilot.spi.DeliveryReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real shell scripts run by the hook: environment, files, exit codes, timeouts, redaction. */
class ExecHookTargetTest {

    @TempDir
    Path dir;

    @Test
    void runsTheCommandWithTheCertificateFilesAndEnvironment() throws Exception {
        Path out = Files.createDirectory(dir.resolve("out"));
        Path script = script("deploy.sh", """
                #!/bin/sh
                set -e
                env | grep '^CERTPILOT_' | sort > "$OUT/env"
                cp "$CERTPILOT_CERT_FILE" "$CERTPILOT_CHAIN_FILE" "$CERTPILOT_FULLCHAIN_FILE" "$CERTPILOT_KEY_FILE" "$OUT/"
                stat -c '%a' "$CERTPILOT_DIR" "$CERTPILOT_KEY_FILE" > "$OUT/modes"
                pwd > "$OUT/pwd"
                echo "deployed $CERTPILOT_NAMES"
                """);
        Path work = Files.createDirectory(dir.resolve("work"));
        ExecHookTarget target = DistributionTargets.exec("deploy", List.of(script.toString()))
                .environment("OUT", out.toString()).workingDirectory(work).tempDirectory(dir).build();
        Delivery d = TestCertificates.delivery("cert-1", 4, "example.test", "*.example.test");
        DeliveryReport report = target.deliver(d);

        Map<String, String> env = Files.readAllLines(out.resolve("env")).stream()
                .collect(Collectors.toMap(l -> l.substring(0, l.indexOf('=')), l -> l.substring(l.indexOf('=') + 1)));
        assertThat(env).containsEntry("CERTPILOT_TARGET", "deploy").containsEntry("CERTPILOT_CERTIFICATE_ID", "cert-1")
                .containsEntry("CERTPILOT_VERSION", "4").containsEntry("CERTPILOT_NAMES", "example.test *.example.test")
                .containsEntry("CERTPILOT_SERIAL", d.leaf().getSerialNumber().toString(16))
                .containsEntry("CERTPILOT_NOT_AFTER", d.leaf().getNotAfter().toInstant().toString())
                .containsEntry("CERTPILOT_HAS_KEY", "true")
                .containsKeys("CERTPILOT_DIR", "CERTPILOT_CERT_FILE", "CERTPILOT_KEY_FILE");
        assertThat(Files.readString(out.resolve("cert.pem"))).isEqualTo(d.certificatePem());
        assertThat(Files.readString(out.resolve("chain.pem"))).isEqualTo(d.chainPem());
        assertThat(Files.readString(out.resolve("fullchain.pem"))).isEqualTo(d.fullChainPem());
        assertThat(Files.readString(out.resolve("privkey.pem"))).isEqualTo(d.privateKeyPem().orElseThrow());
        assertThat(Files.readAllLines(out.resolve("modes"))).containsExactly("700", "600");
        assertThat(Files.readString(out.resolve("pwd")).strip()).isEqualTo(work.toString());
        assertThat(Path.of(env.get("CERTPILOT_DIR"))).doesNotExist();
        assertThat(report.actions()).hasSize(2);
        assertThat(report.actions().get(0)).startsWith("ran '" + script + "' in ").endsWith(" ms: exit code 0");
        assertThat(report.actions().get(1)).isEqualTo("output: deployed example.test *.example.test");
    }

    @Test
    void argumentsAreNeverInterpretedByAShell() throws Exception {
        Path marker = dir.resolve("marker");
        Path script = script("args.sh", "#!/bin/sh\nprintf '%s|' \"$@\"\n");
        DeliveryReport report = DistributionTargets.exec("args",
                List.of(script.toString(), "$(touch " + marker + ")", "a b", "$CERTPILOT_NAMES")).build()
                .deliver(TestCertificates.delivery("c1", 1, "example.test"));
        assertThat(report.actions().get(1)).isEqualTo("output: $(touch " + marker + ")|a b|$CERTPILOT_NAMES|");
        assertThat(marker).doesNotExist();
    }

    @Test
    void failingCommandReportsItsExitCodeAndRedactedOutput() throws Exception {
        Path script = script("fail.sh", """
                #!/bin/sh
                echo "using token $API_TOKEN"
                cat "$CERTPILOT_KEY_FILE"
                grep -v -- ----- "$CERTPILOT_KEY_FILE"
                echo "reload failed" >&2
                exit 3
                """);
        Delivery d = TestCertificates.delivery("c1", 1, "example.test");
        ExecHookTarget target = DistributionTargets.exec("reload", List.of(script.toString()))
                .secretEnvironment("API_TOKEN", "tok-123456789").build();
        assertThatThrownBy(() -> target.deliver(d)).isInstanceOfSatisfying(ExecHookException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.DISTRIBUTION_FAILED);
            assertThat(e.exitCode()).hasValue(3);
            assertThat(e.timedOut()).isFalse();
            assertThat(e.getMessage()).contains("failed with exit code 3").contains("reload failed");
            assertThat(e.output()).contains("using token [redacted]").contains("[private key redacted]")
                    .endsWith("reload failed").doesNotContain("tok-123456789");
            String keyBody = d.privateKeyPem().orElseThrow().lines().filter(l -> !l.startsWith("-----"))
                    .findFirst().orElseThrow();
            assertThat(e.getMessage()).doesNotContain(keyBody).doesNotContain("PRIVATE KEY-----");
        });
        assertThat(target.toString()).contains("API_TOKEN").doesNotContain("tok-123456789");
    }

    @Test
    void hangingCommandIsKilledWithItsChildrenAtTheTimeout() throws Exception {
        Path pidFile = dir.resolve("child.pid");
        Path script = script("hang.sh", "#!/bin/sh\nsleep 300 &\necho $! > \"$PIDS\"\necho started\nwait\n");
        ExecHookTarget target = DistributionTargets.exec("hang", List.of(script.toString()))
                .environment("PIDS", pidFile.toString()).timeout(Duration.ofMillis(500)).build();
        long start = System.nanoTime();
        assertThatThrownBy(() -> target.deliver(TestCertificates.delivery("c1", 1, "example.test")))
                .isInstanceOfSatisfying(ExecHookException.class, e -> {
                    assertThat(e.timedOut()).isTrue();
                    assertThat(e.exitCode()).isEmpty();
                    assertThat(e.getMessage()).contains("did not finish within 500 ms and was killed")
                            .contains("started");
                });
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        long child = Long.parseLong(Files.readString(pidFile).strip());
        // SIGKILL was sent; the kernel reaps the orphan a moment later
        ProcessHandle.of(child).ifPresent(h -> h.onExit().orTimeout(5, TimeUnit.SECONDS).join());
        assertThat(ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    }

    @Test
    void dryRunRunsNothing() throws Exception {
        Path marker = dir.resolve("ran");
        Path script = script("touch.sh", "#!/bin/sh\ntouch \"$MARKER\"\n");
        ExecHookTarget target = DistributionTargets.exec("touch", List.of(script.toString()))
                .environment("MARKER", marker.toString()).build();
        DeliveryReport report = target.deliver(TestCertificates.dryRun(TestCertificates.delivery("c1", 1, "a.test")));
        assertThat(marker).doesNotExist();
        assertThat(report.actions()).containsExactly("would run '" + script
                + "' (timeout 120 s) with the certificate and key in CERTPILOT_* files");
        target.deliver(TestCertificates.delivery("c1", 1, "a.test"));
        assertThat(marker).exists();
    }

    @Test
    void withoutKeyTheKeyFileVariableIsUnset() throws Exception {
        Path script = script("key.sh", "#!/bin/sh\necho \"has=$CERTPILOT_HAS_KEY file=${CERTPILOT_KEY_FILE-unset}\"\n");
        Delivery byoCsr = TestCertificates.delivery("byo", 1, TestCertificates.ec(), false, false, "example.test");
        assertThat(DistributionTargets.exec("k", List.of(script.toString())).build().deliver(byoCsr).actions())
                .contains("output: has=false file=unset");
        assertThat(DistributionTargets.exec("k", List.of(script.toString())).withoutKeyFile().build()
                .deliver(TestCertificates.delivery("c1", 1, "example.test")).actions())
                .contains("output: has=false file=unset");
    }

    @Test
    void missingProgramCannotStart() {
        ExecHookTarget target = DistributionTargets.exec("nope", List.of(dir.resolve("missing").toString()))
                .tempDirectory(dir).build();
        assertThatThrownBy(() -> target.deliver(TestCertificates.delivery("c1", 1, "example.test")))
                .isInstanceOfSatisfying(ExecHookException.class, e -> {
                    assertThat(e.exitCode()).isEmpty();
                    assertThat(e.getMessage()).contains("could not be started");
                });
        assertThat(listing()).isEmpty();
    }

    @Test
    void invalidConfigurationIsRefused() {
        assertThatThrownBy(() -> DistributionTargets.exec("x", List.of())).hasMessageContaining("needs a command");
        assertThatThrownBy(() -> DistributionTargets.exec("x", List.of("/bin/true")).environment("CERTPILOT_DIR", "x"))
                .hasMessageContaining("set by the hook");
        assertThatThrownBy(() -> DistributionTargets.exec("x", List.of("/bin/true")).timeout(Duration.ZERO))
                .hasMessageContaining("positive");
    }

    private List<Path> listing() {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private Path script(String name, String body) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, body);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }
}
