package dev.certpilot.dns.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.certpilot.dns.testing.DnsProviderContractTest;
import dev.certpilot.dns.testing.FaultInjector;
import dev.certpilot.spi.DnsChallengeProvider;
import dev.certpilot.spi.DnsProviderException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The provider contract against a real shell script ({@code exec/txt-store.sh}) that keeps values in a file, with an
 * outage switch and a token check. A hook's failures are not retried, so the retry test is skipped.
 */
class ExecContractTest extends DnsProviderContractTest {

    private static final String TOKEN = "exec-token-Hq4Lz8Vn";
    private static final String WRONG = "exec-wrong-Pm2Xc7";

    @TempDir
    Path dir;
    private Path script;

    @BeforeEach
    void install() throws IOException {
        script = copyScript("txt-store.sh");
        Files.writeString(dir.resolve("token"), TOKEN);
    }

    @Override
    protected DnsChallengeProvider provider() {
        return withToken(TOKEN);
    }

    private DnsChallengeProvider withToken(String token) {
        return ExecDnsProvider.builder().program(script).environment("STORE_DIR", dir.toString())
                .secretEnvironment("DNS_API_TOKEN", token).build();
    }

    @Override
    protected String zone() {
        return "example.com";
    }

    @Override
    protected Set<String> txtValues(String fqdn) {
        try {
            Set<String> out = new TreeSet<>();
            Path store = dir.resolve("values");
            if (Files.exists(store)) {
                for (String line : Files.readAllLines(store)) {
                    String[] parts = line.split(" ", 2);
                    if (parts.length == 2 && parts[0].equals(fqdn + ".")) {
                        out.add(parts[1]);
                    }
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    protected Optional<FaultInjector> faults() {
        return Optional.of(new FaultInjector() {
            @Override
            public void failNext(int count) {
                throw new UnsupportedOperationException("exec hooks are not retried");
            }

            @Override
            public void failAlways() {
                touch("outage");
            }

            @Override
            public void heal() {
                try {
                    Files.deleteIfExists(dir.resolve("outage"));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            @Override
            public int failuresServed() {
                try {
                    Path f = dir.resolve("failures");
                    return Files.exists(f) ? Files.readAllLines(f).size() : 0;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            @Override
            public boolean supportsTransientFailures() {
                return false;
            }
        });
    }

    @Override
    protected List<String> secrets() {
        return List.of(TOKEN, WRONG);
    }

    @Test
    void failureCarriesExitCodeAndRedactedStandardError() {
        DnsChallengeProvider wrong = withToken(WRONG);
        assertThatThrownBy(() -> wrong.present(record(newName(), newValue())))
                .isInstanceOfSatisfying(DnsProviderException.class, e -> assertThat(e.getMessage())
                        .contains("exit code 3", "401 unauthorized for token [redacted]").doesNotContain(WRONG));
    }

    @Test
    void programRunningTooLongIsKilled() throws IOException {
        Path slow = dir.resolve("slow.sh");
        Files.writeString(slow, "#!/bin/sh\nexec sleep 30\n");
        Files.setPosixFilePermissions(slow, PosixFilePermissions.fromString("rwx------"));
        DnsChallengeProvider p = ExecDnsProvider.builder().program(slow).timeout(Duration.ofMillis(300)).build();
        long start = System.nanoTime();
        assertThatThrownBy(() -> p.present(record(newName(), newValue())))
                .isInstanceOfSatisfying(DnsProviderException.class,
                        e -> assertThat(e.getMessage()).contains("did not finish within"));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void longStandardErrorIsTruncated() throws IOException {
        Path noisy = dir.resolve("noisy.sh");
        Files.writeString(noisy, "#!/bin/sh\nhead -c 100000 /dev/zero | tr '\\\\0' 'e' >&2\necho THE-END >&2\nexit 1\n");
        Files.setPosixFilePermissions(noisy, PosixFilePermissions.fromString("rwx------"));
        DnsChallengeProvider p = ExecDnsProvider.builder().program(noisy).build();
        assertThatThrownBy(() -> p.present(record(newName(), newValue())))
                .isInstanceOfSatisfying(DnsProviderException.class,
                        e -> assertThat(e.getMessage()).hasSizeLessThan(800).contains("exit code 1"));
    }

    private Path copyScript(String name) throws IOException {
        Path target = dir.resolve(name);
        try (InputStream in = getClass().getResourceAsStream("/exec/" + name)) {
            Files.copy(in, target);
        }
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwx------"));
        return target;
    }

    private void touch(String name) {
        try {
            Files.writeString(dir.resolve(name), "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
