package dev.certpilot.testca.internal.pebble;

import dev.certpilot.testca.TestDnsControl;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * {@link TestDnsControl} over pebble-challtestsrv's HTTP management API, usable against any server that speaks it
 * (the bundled test DNS server does too).
 *
 * <p>challtestsrv can only add a TXT value ({@code /set-txt}) or drop every value at a name ({@code /clear-txt}).
 * {@link #removeTxt} therefore reads the values served now, clears the name and adds the others back, in their
 * order; while that runs the name briefly serves fewer values. {@link #txt} asks the DNS server itself (TCP), so
 * it also sees values that other clients set through the same API, e.g. lego's exec hook. Names are sent in lower
 * case with a trailing dot, the form in which resolvers ask. Calls on one instance are serialized. Internal: not
 * part of certpilot's API.
 */
public final class ChalltestsrvDnsControl implements TestDnsControl {

    private static final Duration DNS_TIMEOUT = Duration.ofSeconds(5);

    private final URI management;
    private final InetSocketAddress dnsServer;
    private final ManagementHttp http;

    /**
     * Controls the DNS server at {@code dnsServer} through the management API at {@code management}.
     *
     * @param management base URL of the management API, e.g. {@code http://127.0.0.1:8055/}
     * @param dnsServer  address of the DNS server that API controls
     */
    public ChalltestsrvDnsControl(URI management, InetSocketAddress dnsServer) {
        this.management = Objects.requireNonNull(management, "management");
        this.dnsServer = Objects.requireNonNull(dnsServer, "dnsServer");
        this.http = ManagementHttp.plain();
    }

    @Override
    public synchronized void addTxt(String name, String value) {
        Objects.requireNonNull(value, "value");
        post("set-txt", Map.of("host", fqdn(name), "value", value));
    }

    @Override
    public synchronized void removeTxt(String name, String value) {
        Objects.requireNonNull(value, "value");
        List<String> keep = new ArrayList<>(txt(name));
        if (!keep.remove(value)) {
            return;
        }
        clearTxt(name);
        keep.forEach(other -> addTxt(name, other));
    }

    @Override
    public synchronized void clearTxt(String name) {
        post("clear-txt", Map.of("host", fqdn(name)));
    }

    @Override
    public List<String> txt(String name) {
        String fqdn = fqdn(name);
        try {
            Name queried = Name.fromString(fqdn);
            SimpleResolver resolver = new SimpleResolver(dnsServer);
            resolver.setTCP(true);
            resolver.setTimeout(DNS_TIMEOUT);
            Message response = resolver.send(Message.newQuery(Record.newRecord(queried, Type.TXT, DClass.IN)));
            if (response.getRcode() != Rcode.NOERROR && response.getRcode() != Rcode.NXDOMAIN) {
                throw new IllegalStateException("TXT query for " + fqdn + " answered " + Rcode.string(response.getRcode()));
            }
            List<String> values = new ArrayList<>();
            for (Record record : response.getSection(Section.ANSWER)) {
                if (record instanceof TXTRecord txt && record.getName().equals(queried)) {
                    values.add(String.join("", txt.getStrings()));
                }
            }
            return List.copyOf(values);
        } catch (TextParseException e) {
            throw new IllegalArgumentException("not a DNS name: " + name, e);
        } catch (IOException e) {
            throw new UncheckedIOException("TXT query for " + fqdn + " at " + dnsServer + " failed", e);
        }
    }

    @Override
    public synchronized void addA(String name, String... addresses) {
        if (addresses.length == 0) {
            throw new IllegalArgumentException("at least one address is required");
        }
        post("add-a", Map.of("host", fqdn(name), "addresses", Arrays.asList(addresses)));
    }

    @Override
    public synchronized void clearA(String name) {
        post("clear-a", Map.of("host", fqdn(name)));
    }

    @Override
    public synchronized void setCname(String name, String target) {
        post("set-cname", Map.of("host", fqdn(name), "target", fqdn(target)));
    }

    @Override
    public synchronized void clearCname(String name) {
        post("clear-cname", Map.of("host", fqdn(name)));
    }

    private void post(String command, Map<String, ?> body) {
        http.postJson(management.resolve(command), body);
    }

    /** Lower case with exactly one trailing dot. */
    static String fqdn(String name) {
        Objects.requireNonNull(name, "name");
        String lower = name.strip().toLowerCase(Locale.ROOT);
        if (lower.isEmpty() || lower.equals(".")) {
            throw new IllegalArgumentException("a DNS name is required");
        }
        return lower.endsWith(".") ? lower : lower + ".";
    }
}
