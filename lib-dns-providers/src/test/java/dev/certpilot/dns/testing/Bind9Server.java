package dev.certpilot.dns.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real BIND9 ({@code named -g}, Debian package {@code bind9}) on a free loopback port, primary for one zone that
 * accepts RFC 2136 updates signed with a TSIG key made by {@code tsig-keygen} (package {@code bind9-utils}).
 * Missing programs skip the test unless {@link ExternalTools#REQUIRE_ENV} is set.
 */
public final class Bind9Server implements AutoCloseable {

    /** The TSIG key's name. */
    public static final String KEY_NAME = "certpilot-acme";

    private final ServerProcess process;
    private final int port;
    private final String zone;
    private final String secret;

    private Bind9Server(ServerProcess process, int port, String zone, String secret) {
        this.process = process;
        this.port = port;
        this.zone = zone;
        this.secret = secret;
    }

    /** Starts a server for {@code zone}, files under {@code dir}. */
    public static Bind9Server start(String zone, Path dir) {
        Path named = ExternalTools.require("named", "bind9");
        Path keygen = ExternalTools.require("tsig-keygen", "bind9-utils");
        try {
            String key = run(List.of(keygen.toString(), "-a", "hmac-sha256", KEY_NAME));
            Files.writeString(dir.resolve(KEY_NAME + ".key"), key);
            Matcher m = Pattern.compile("secret \"([^\"]+)\"").matcher(key);
            if (!m.find()) {
                throw new IllegalStateException("tsig-keygen printed no secret");
            }
            Files.writeString(dir.resolve(zone + ".zone"), """
                    $TTL 60
                    @ IN SOA ns1.%1$s. hostmaster.%1$s. 1 3600 600 86400 60
                    @ IN NS ns1.%1$s.
                    ns1 IN A 127.0.0.1
                    """.formatted(zone));
            String failures = "";
            for (int attempt = 0; attempt < 3; attempt++) {
                int port = FreePorts.tcpAndUdp();
                Files.writeString(dir.resolve("named.conf"), """
                        include "%1$s/%2$s.key";
                        options {
                            directory "%1$s";
                            listen-on port %3$d { 127.0.0.1; };
                            listen-on-v6 { none; };
                            pid-file "%1$s/named.pid";
                            session-keyfile "%1$s/session.key";
                            recursion no;
                            dnssec-validation no;
                            notify no;
                        };
                        controls { };
                        zone "%4$s" {
                            type primary;
                            file "%1$s/%4$s.zone";
                            allow-update { key "%2$s"; };
                        };
                        """.formatted(dir, KEY_NAME, port, zone));
                ServerProcess p = ServerProcess.start("named", dir,
                        List.of(named.toString(), "-g", "-c", dir.resolve("named.conf").toString()));
                if (p.awaitReady(() -> DnsQueries.answersSoa(port, zone), Duration.ofSeconds(20))) {
                    return new Bind9Server(p, port, zone, m.group(1));
                }
                failures = p.logTail();
                p.close();
            }
            throw new IllegalStateException("named did not start:\n" + failures);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The port it listens on (UDP and TCP) at 127.0.0.1. */
    public int port() {
        return port;
    }

    /** The zone it serves. */
    public String zone() {
        return zone;
    }

    /** The base64 secret of {@link #KEY_NAME} (hmac-sha256). */
    public String tsigSecret() {
        return secret;
    }

    /** The TXT values it serves at {@code fqdn}. */
    public java.util.Set<String> txt(String fqdn) {
        return DnsQueries.txt(port, fqdn);
    }

    /** Stops named. */
    @Override
    public void close() {
        process.close();
    }

    private static String run(List<String> command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException(command.get(0) + " failed: " + out);
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
