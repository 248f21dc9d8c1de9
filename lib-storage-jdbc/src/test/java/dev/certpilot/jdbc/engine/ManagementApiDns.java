package dev.certpilot.jdbc.engine;

import dev.certpilot.spi.ChallengeRecord;
import dev.certpilot.spi.DnsChallengeProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Publishes TXT records in a test DNS server of another process (the test JVM's) through its challtestsrv-style
 * management API, statelessly: what is published is read back from the server itself over DNS.
 *
 * <p>The API can add a value ({@code /set-txt}) or clear a name ({@code /clear-txt}), not remove one value. So
 * {@link #cleanup} reads the name's values, clears it and adds back every other value, and {@link #present} adds a
 * value only if the name does not hold it yet. Nothing is remembered in memory, so a process started after a
 * crash cleans up what a dead one published: the property the crash tests check (certpilot-dns-providers'
 * {@code ChallTestSrvDnsProvider} remembers the values it presented and so cannot). Writes to one name are
 * serialized within this process; one certificate's records are only ever written by the instance running its job.
 */
final class ManagementApiDns implements DnsChallengeProvider {

    private final URI management;
    private final InetSocketAddress server;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ConcurrentMap<String, Object> locks = new ConcurrentHashMap<>();

    /**
     * A provider writing through {@code management} and reading back from {@code server}.
     *
     * @param management the management API's base URL, e.g. {@code http://127.0.0.1:8055}
     * @param server     the DNS server's address
     */
    ManagementApiDns(URI management, InetSocketAddress server) {
        this.management = management;
        this.server = server;
    }

    @Override
    public void present(ChallengeRecord record) {
        synchronized (lock(record)) {
            if (!values(record.fqdnWithDot()).contains(record.value())) {
                post("/set-txt", "{\"host\":\"" + record.fqdnWithDot() + "\",\"value\":\"" + record.value() + "\"}");
            }
        }
    }

    @Override
    public void cleanup(ChallengeRecord record) {
        synchronized (lock(record)) {
            List<String> values = values(record.fqdnWithDot());
            if (!values.contains(record.value())) {
                return;
            }
            post("/clear-txt", "{\"host\":\"" + record.fqdnWithDot() + "\"}");
            for (String other : values) {
                if (!other.equals(record.value())) {
                    post("/set-txt", "{\"host\":\"" + record.fqdnWithDot() + "\",\"value\":\"" + other + "\"}");
                }
            }
        }
    }

    @Override
    public String toString() {
        return "ManagementApiDns[" + management + "]";
    }

    private Object lock(ChallengeRecord record) {
        return locks.computeIfAbsent(record.fqdn(), k -> new Object());
    }

    /** The TXT values the server answers at {@code name} (over TCP: no truncation). */
    private List<String> values(String name) {
        try {
            SimpleResolver resolver = new SimpleResolver(server);
            resolver.setTCP(true);
            resolver.setTimeout(Duration.ofSeconds(5));
            Message answer = resolver.send(Message.newQuery(Record.newRecord(Name.fromString(name), Type.TXT,
                    DClass.IN)));
            List<String> out = new ArrayList<>();
            for (Record r : answer.getSection(Section.ANSWER)) {
                if (r instanceof TXTRecord txt) {
                    out.add(String.join("", txt.getStrings()));
                }
            }
            return out;
        } catch (TextParseException e) {
            throw new IllegalArgumentException("bad DNS name " + name, e);
        } catch (IOException e) {
            throw new UncheckedIOException("querying " + name + " at " + server + " failed", e);
        }
    }

    private void post(String path, String json) {
        HttpRequest request = HttpRequest.newBuilder(management.resolve(path)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(path + " answered " + response.statusCode() + ": " + response.body());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(path + " at " + management + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
