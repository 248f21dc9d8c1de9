package dev.certpilot.testca.internal.pebble;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Starts pebble-challtestsrv, then Pebble validating against it, on free loopback ports, and waits until both
 * answer. When a port was taken between choosing and binding it, everything starts again on new ports (a few
 * times). Internal: not part of certpilot's API.
 */
public final class PebbleStartup {

    private static final int ATTEMPTS = 3;
    private static final List<String> CLEARED_ENVIRONMENT = List.of("PEBBLE_");

    private PebbleStartup() {
    }

    /** Starts both programs as {@code options} say; the caller owns the returned environment and must close it. */
    public static PebbleEnvironment start(PebbleOptions options) {
        Path directory = workDirectory(options);
        boolean temporary = options.workDirectory().isEmpty();
        try {
            ListenerTls tls = ListenerTls.generate();
            Path certificate = directory.resolve("listener-cert.pem");
            Path key = directory.resolve("listener-key.pem");
            Files.deleteIfExists(certificate);
            Files.deleteIfExists(key);
            tls.writeListenerFiles(certificate, key);
            Instant deadline = Instant.now().plus(options.startupTimeout());
            for (int attempt = 1; ; attempt++) {
                try {
                    return attempt(options, directory, temporary, tls, certificate, key, deadline);
                } catch (Readiness.PortTaken e) {
                    if (attempt == ATTEMPTS) {
                        throw new IllegalStateException("ports kept being taken by other processes", e);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            if (temporary) {
                WorkDirectory.delete(directory);
            }
            if (e instanceof IOException io) {
                throw new UncheckedIOException("cannot prepare " + directory, io);
            }
            throw (RuntimeException) e;
        }
    }

    private static PebbleEnvironment attempt(PebbleOptions options, Path directory, boolean temporary, ListenerTls tls,
                                             Path certificate, Path key, Instant deadline) throws IOException {
        PebblePorts ports = PebblePorts.pick();
        Path config = directory.resolve("pebble.json");
        PebbleConfig.write(config, options, ports, certificate, key);
        Path challtestsrvLog = freshLog(directory.resolve("challtestsrv.log"));
        Path pebbleLog = freshLog(directory.resolve("pebble.log"));

        InetSocketAddress dns = new InetSocketAddress(LoopbackPorts.loopback(), ports.dns());
        URI dnsManagement = URI.create("http://127.0.0.1:" + ports.dnsManagement() + "/");
        URI directoryUrl = URI.create("https://127.0.0.1:" + ports.acme() + "/dir");
        URI management = URI.create("https://127.0.0.1:" + ports.management() + "/");

        List<ManagedProcess> started = new ArrayList<>();
        try {
            ManagedProcess challtestsrv = ManagedProcess.start("pebble-challtestsrv", List.of(
                    options.challtestsrvBinary().toString(),
                    "-dns01", "127.0.0.1:" + ports.dns(),
                    "-http01", "", "-https01", "", "-tlsalpn01", "",
                    "-management", "127.0.0.1:" + ports.dnsManagement()),
                    Map.of(), CLEARED_ENVIRONMENT, directory, challtestsrvLog);
            started.add(challtestsrv);
            ManagementHttp plain = ManagementHttp.plain();
            Readiness.await(challtestsrv, deadline,
                    () -> Readiness.dnsAnswers(dns) && Readiness.httpAnswers(plain, dnsManagement, -1));

            ManagedProcess pebble = ManagedProcess.start("pebble", List.of(
                    options.pebbleBinary().toString(), "-config", config.toString(),
                    "-dnsserver", "127.0.0.1:" + ports.dns()),
                    pebbleEnvironment(options), CLEARED_ENVIRONMENT, directory, pebbleLog);
            started.add(pebble);
            ManagementHttp https = ManagementHttp.trusting(tls.clientContext());
            Readiness.await(pebble, deadline, () -> Readiness.httpAnswers(https, directoryUrl, 200)
                    && Readiness.httpAnswers(https, management.resolve("roots/0"), 200));

            return new PebbleEnvironment(directoryUrl, management, dnsManagement, dns, tls,
                    List.of(pebble, challtestsrv), directory, temporary);
        } catch (RuntimeException e) {
            started.forEach(ManagedProcess::stop);
            throw e;
        }
    }

    private static Map<String, String> pebbleEnvironment(PebbleOptions options) {
        Map<String, String> env = new LinkedHashMap<>();
        if (!options.validationSleep()) {
            env.put("PEBBLE_VA_NOSLEEP", "1");
        }
        env.put("PEBBLE_WFE_NONCEREJECT", Integer.toString(options.nonceRejectPercent()));
        env.put("PEBBLE_AUTHZREUSE", Integer.toString(options.authzReusePercent()));
        env.put("PEBBLE_ALTERNATE_ROOTS", Integer.toString(options.alternateRoots()));
        return env;
    }

    private static Path workDirectory(PebbleOptions options) {
        try {
            if (options.workDirectory().isPresent()) {
                return Files.createDirectories(options.workDirectory().get());
            }
            return Files.createTempDirectory("certpilot-pebble-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create Pebble's work directory", e);
        }
    }

    private static Path freshLog(Path log) throws IOException {
        Files.deleteIfExists(log);
        return Files.createFile(log);
    }
}
