package dev.certpilot.dns.testing;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * A real {@code pebble-challtestsrv} (Debian package {@code pebble}) with its DNS server and management API on free
 * loopback ports and the HTTP challenge servers off. Missing programs skip the test unless
 * {@link ExternalTools#REQUIRE_ENV} is set.
 */
public final class ChallTestSrv implements AutoCloseable {

    private final ServerProcess process;
    private final int dnsPort;
    private final int managementPort;

    private ChallTestSrv(ServerProcess process, int dnsPort, int managementPort) {
        this.process = process;
        this.dnsPort = dnsPort;
        this.managementPort = managementPort;
    }

    /** Starts the server; its log goes to {@code dir}. */
    public static ChallTestSrv start(Path dir) {
        Path binary = ExternalTools.require("pebble-challtestsrv", "pebble");
        String failures = "";
        for (int attempt = 0; attempt < 3; attempt++) {
            int dns = FreePorts.tcpAndUdp();
            int management = FreePorts.tcp();
            ServerProcess p = ServerProcess.start("challtestsrv", dir, List.of(binary.toString(),
                    "-dns01", "127.0.0.1:" + dns, "-http01", "", "-https01", "", "-tlsalpn01", "",
                    "-management", "127.0.0.1:" + management));
            if (p.awaitReady(() -> accepts(management) && accepts(dns), Duration.ofSeconds(20))) {
                return new ChallTestSrv(p, dns, management);
            }
            failures = p.logTail();
            p.close();
        }
        throw new IllegalStateException("pebble-challtestsrv did not start:\n" + failures);
    }

    /** The management API's URL. */
    public String managementUrl() {
        return "http://127.0.0.1:" + managementPort;
    }

    /** The TXT values it serves at {@code fqdn}, by a real DNS query. */
    public Set<String> txt(String fqdn) {
        return DnsQueries.txt(dnsPort, fqdn);
    }

    /** Stops it. */
    @Override
    public void close() {
        process.close();
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
