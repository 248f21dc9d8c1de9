package dev.certpilot.testca.lego;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs Debian's unmodified {@code lego} (4.9.1) against an ACME directory whose DNS is driven through a
 * pebble-challtestsrv compatible management API ({@code POST /set-txt}, {@code POST /clear-txt}).
 *
 * <p>lego's {@code exec} DNS provider calls a small shell hook with {@code present|cleanup <fqdn> <value>}; the hook
 * forwards it with curl. Settings that make lego fast and independent of the machine's resolver:
 * {@code EXEC_SEQUENCE_INTERVAL=0} (the exec provider is sequential and would otherwise wait 60 s between the apex
 * and the wildcard record), {@code EXEC_PROPAGATION_TIMEOUT=10}, {@code EXEC_POLLING_INTERVAL=1},
 * {@code --dns.disable-cp} (challtestsrv answers SOA with NOTIMP, so lego's authoritative-NS propagation check
 * cannot work) and {@code --dns.resolvers} pointing at the test DNS server (lego still looks for CNAMEs at the
 * challenge name). {@code LEGO_CA_CERTIFICATES} makes lego trust the CA's TLS root.
 */
public final class Lego {

    /** Where Debian installs lego. */
    public static final Path DEBIAN_BINARY = Path.of("/usr/bin/lego");

    private static final String EXEC_HOOK = """
            #!/bin/sh
            # lego exec provider hook: $1 = present|cleanup, $2 = record name (FQDN), $3 = TXT value
            set -eu
            case "$1" in
              present) curl -fsS -X POST -d "{\\"host\\":\\"$2\\",\\"value\\":\\"$3\\"}" "$CERTPILOT_DNS_MANAGEMENT/set-txt" ;;
              cleanup) curl -fsS -X POST -d "{\\"host\\":\\"$2\\"}" "$CERTPILOT_DNS_MANAGEMENT/clear-txt" ;;
              *) echo "unknown action: $1" >&2; exit 2 ;;
            esac
            """;

    /**
     * The outcome of one lego run.
     *
     * @param exitCode    lego's exit code
     * @param output      everything lego printed
     * @param certificate the certificate chain lego saved (PEM), when it saved one
     * @param elapsed     how long lego ran
     */
    public record Result(int exitCode, String output, Path certificate, Duration elapsed) {
    }

    private final Path binary;
    private final Path directory;

    /** A lego runner using {@code binary}, keeping its account, hook and certificates under {@code directory}. */
    public Lego(Path binary, Path directory) {
        this.binary = binary;
        this.directory = directory;
    }

    /**
     * Runs {@code lego run} for {@code domains} (the first one names the saved files) and waits at most
     * {@code timeout}; a lego still running then is killed and reported with exit code -1.
     */
    public Result obtain(URI directoryUrl, String tlsRootPem, URI dnsManagement, InetSocketAddress dns, List<String> domains,
                  Duration timeout) throws IOException, InterruptedException {
        Path hook = Files.writeString(directory.resolve("challtestsrv-exec-hook.sh"), EXEC_HOOK);
        Files.setPosixFilePermissions(hook, PosixFilePermissions.fromString("rwx------"));
        Path root = Files.writeString(directory.resolve("ca-tls-root.pem"), tlsRootPem);
        Path output = directory.resolve("lego-output.log");

        List<String> command = new ArrayList<>(List.of(binary.toString(),
                "--server", directoryUrl.toString(), "--accept-tos", "--email", "lego@certpilot.test",
                "--path", directory.resolve("state").toString(), "--key-type", "ec256",
                "--dns", "exec", "--dns.disable-cp",
                "--dns.resolvers", dns.getAddress().getHostAddress() + ":" + dns.getPort()));
        domains.forEach(domain -> command.addAll(List.of("--domains", domain)));
        command.add("run");

        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(output.toFile()).directory(directory.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(key -> key.startsWith("LEGO_") || key.startsWith("EXEC_"));
        env.put("EXEC_PATH", hook.toString());
        env.put("EXEC_SEQUENCE_INTERVAL", "0");
        env.put("EXEC_PROPAGATION_TIMEOUT", "10");
        env.put("EXEC_POLLING_INTERVAL", "1");
        env.put("LEGO_CA_CERTIFICATES", root.toString());
        env.put("CERTPILOT_DNS_MANAGEMENT", dnsManagement.toString().replaceAll("/+$", ""));

        long started = System.nanoTime();
        Process lego = builder.start();
        int exitCode;
        if (lego.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            exitCode = lego.exitValue();
        } else {
            lego.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            exitCode = -1;
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
        Path certificate = directory.resolve("state/certificates/" + domains.get(0).replace("*", "_") + ".crt");
        return new Result(exitCode, Files.readString(output, StandardCharsets.UTF_8), certificate, elapsed);
    }
}
