package dev.certpilot.dns.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A real PowerDNS Authoritative ({@code pdns_server}, Debian packages {@code pdns-server} and
 * {@code pdns-backend-sqlite3}) with the gsqlite3 backend (database made with {@code sqlite3}), DNS and HTTP API on
 * free loopback ports, all caches off so a query sees every change at once, and one Native zone created through the
 * API. Missing programs skip the test unless {@link ExternalTools#REQUIRE_ENV} is set.
 */
public final class PowerDnsServer implements AutoCloseable {

    /** The API key it accepts. */
    public static final String API_KEY = "pdns-test-key-Q7nV2xR9";

    private final ServerProcess process;
    private final int dnsPort;
    private final int apiPort;

    private PowerDnsServer(ServerProcess process, int dnsPort, int apiPort) {
        this.process = process;
        this.dnsPort = dnsPort;
        this.apiPort = apiPort;
    }

    /** Starts a server with files under {@code dir} and creates {@code zone} in it. */
    public static PowerDnsServer start(String zone, Path dir) {
        Path pdns = ExternalTools.require("pdns_server", "pdns-server");
        Path sqlite = ExternalTools.require("sqlite3", "sqlite3");
        Path schema = Path.of("/usr/share/pdns-backend-sqlite3/schema/schema.sqlite3.sql");
        if (!Files.isReadable(schema)) {
            ExternalTools.require("pdns-backend-sqlite3-schema-missing", "pdns-backend-sqlite3");
        }
        try {
            Path db = dir.resolve("pdns.db");
            Process p = new ProcessBuilder(sqlite.toString(), db.toString()).redirectInput(schema.toFile())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("sqlite3.log").toFile()).start();
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("sqlite3 could not create " + db);
            }
            String failures = "";
            for (int attempt = 0; attempt < 3; attempt++) {
                int dnsPort = FreePorts.tcpAndUdp();
                int apiPort = FreePorts.tcp();
                Files.writeString(dir.resolve("pdns.conf"), """
                        launch=gsqlite3
                        gsqlite3-database=%s
                        local-address=127.0.0.1
                        local-port=%d
                        api=yes
                        api-key=%s
                        webserver=yes
                        webserver-address=127.0.0.1
                        webserver-port=%d
                        webserver-allow-from=127.0.0.0/8
                        socket-dir=%s
                        cache-ttl=0
                        negquery-cache-ttl=0
                        query-cache-ttl=0
                        zone-cache-refresh-interval=0
                        loglevel=4
                        """.formatted(db, dnsPort, API_KEY, apiPort, dir));
                ServerProcess server = ServerProcess.start("pdns", dir, List.of(pdns.toString(),
                        "--config-dir=" + dir, "--daemon=no", "--guardian=no", "--disable-syslog", "--write-pid=no"));
                PowerDnsServer s = new PowerDnsServer(server, dnsPort, apiPort);
                if (server.awaitReady(() -> s.api("GET", "/api/v1/servers/localhost", null) == 200,
                        Duration.ofSeconds(20))) {
                    int created = s.api("POST", "/api/v1/servers/localhost/zones", """
                            {"name": "%1$s.", "kind": "Native", "nameservers": ["ns1.%1$s."]}
                            """.formatted(zone));
                    if (created != 201) {
                        throw new IllegalStateException("pdns did not create the zone: HTTP " + created);
                    }
                    return s;
                }
                failures = server.logTail();
                server.close();
            }
            throw new IllegalStateException("pdns_server did not start:\n" + failures);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The web server's root URL, {@code http://127.0.0.1:<port>}. */
    public String apiUrl() {
        return "http://127.0.0.1:" + apiPort;
    }

    /** The DNS port at 127.0.0.1. */
    public int dnsPort() {
        return dnsPort;
    }

    /** The TXT values it serves at {@code fqdn}, by a real DNS query. */
    public Set<String> txt(String fqdn) {
        return DnsQueries.txt(dnsPort, fqdn);
    }

    /** Stops pdns_server. */
    @Override
    public void close() {
        process.close();
    }

    private int api(String method, String path, String body) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(apiUrl() + path)).header("X-API-Key", API_KEY)
                    .timeout(Duration.ofSeconds(5));
            b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
            return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
