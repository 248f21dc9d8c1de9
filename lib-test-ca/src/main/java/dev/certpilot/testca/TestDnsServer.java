package dev.certpilot.testca;

import com.sun.net.httpserver.HttpServer;
import dev.certpilot.testca.internal.Args;
import dev.certpilot.testca.internal.dns.ChallTestSrvApi;
import dev.certpilot.testca.internal.dns.DnsData;
import dev.certpilot.testca.internal.dns.DnsNames;
import dev.certpilot.testca.internal.dns.DnsResponder;
import dev.certpilot.testca.internal.dns.DnsTransport;
import dev.certpilot.testca.internal.dns.IpLiterals;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An authoritative DNS server for tests, on one loopback port over UDP and TCP, with an optional HTTP management
 * API compatible with pebble-challtestsrv.
 *
 * <pre>{@code
 * try (TestDnsServer dns = TestDnsServer.builder().zone("example.test").start()) {
 *     dns.addTxt("_acme-challenge.example.test", "value");
 *     InetSocketAddress address = dns.address();
 * }
 * }</pre>
 *
 * <p>For every configured zone it synthesizes an SOA record and an NS record ({@code ns.<zone>}, whose address is
 * the server's own), sets the AA flag, answers NXDOMAIN or NODATA with the SOA in the authority section, and
 * refuses names outside its zones. With no zone configured it answers for any name (like pebble-challtestsrv),
 * NXDOMAIN for names it holds nothing at. CNAME chains are followed inside its data; NS records set with
 * {@link #addDelegation(String, String, String...)} turn a subzone into a delegation answered with referrals.
 * Answers too large for the client's UDP buffer are truncated (TC bit) so clients retry over TCP.
 *
 * <p>Names may be given with or without trailing dot, in any case. Thread-safe.
 */
public final class TestDnsServer implements TestDnsControl, AutoCloseable {
    static {
        dev.certpilot.testca.internal.HttpServers.configure();
    }

    private final DnsData data;
    private final DnsTransport transport;
    private final HttpServer management;
    private final ExecutorService managementExecutor;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    private TestDnsServer(Builder b) throws IOException {
        this.data = new DnsData();
        b.zones.forEach(data::addZone);
        b.defaultIpv4.ifPresent(ip -> data.setDefault(IpLiterals.parse(ip, false), false));
        b.defaultIpv6.ifPresent(ip -> data.setDefault(IpLiterals.parse(ip, true), true));
        this.transport = DnsTransport.start(new DnsResponder(data, b.address), b.address, b.port);
        if (b.managementPort >= 0) {
            HttpServer server;
            try {
                server = HttpServer.create(new InetSocketAddress(b.managementAddress, b.managementPort), 64);
            } catch (IOException e) {
                transport.close();
                throw e;
            }
            ChallTestSrvApi api = new ChallTestSrvApi(data);
            server.createContext("/", api);
            managementExecutor = Executors.newFixedThreadPool(2, r -> {
                Thread t = new Thread(r, "test-dns-management");
                t.setDaemon(true);
                return t;
            });
            server.setExecutor(managementExecutor);
            server.start();
            this.management = server;
        } else {
            this.management = null;
            this.managementExecutor = null;
        }
    }

    /** A builder with test defaults: 127.0.0.1, free ports, management API on, no zone. */
    public static Builder builder() {
        return new Builder();
    }

    /** The UDP and TCP address the server answers on. */
    public InetSocketAddress address() {
        return transport.address();
    }

    /** The port the server answers on (UDP and TCP). */
    public int port() {
        return address().getPort();
    }

    /** The base URL of the challtestsrv-compatible management API, e.g. {@code http://127.0.0.1:8055}. */
    public Optional<URI> managementUrl() {
        if (management == null) {
            return Optional.empty();
        }
        InetSocketAddress a = management.getAddress();
        String host = a.getAddress().getHostAddress();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return Optional.of(URI.create("http://" + host + ":" + a.getPort()));
    }

    /** Adds a zone the server is authoritative for (SOA and NS synthesized). */
    public void addZone(String zone) {
        data.addZone(DnsNames.normalize(zone));
    }

    /** Stops being authoritative for {@code zone}; its records stay stored. */
    public void removeZone(String zone) {
        data.removeZone(DnsNames.normalize(zone));
    }

    /** The zones the server is authoritative for, absolute and lower case. */
    public Set<String> zones() {
        return data.zones();
    }

    /**
     * Delegates {@code subzone} to name servers: queries at or below it are answered with a referral (NS records in
     * the authority section, no AA flag) and the glue addresses, if given, in the additional section. Glue is stored
     * as A/AAAA records of {@code nameServer}. DNS has no port in NS records: a second test server meant to serve
     * the subzone listens on another loopback address (e.g. 127.0.0.2) at this server's port.
     *
     * @param subzone    the delegated name, e.g. {@code _acme-challenge.app.example.test}
     * @param nameServer the name server's name, e.g. {@code ns.other.test}
     * @param glue       IP literals of the name server (may be empty when it resolves elsewhere)
     */
    public void addDelegation(String subzone, String nameServer, String... glue) {
        String sub = DnsNames.normalize(subzone);
        String ns = DnsNames.normalize(nameServer);
        List<String> servers = new ArrayList<>(data.lookup(sub).ns());
        if (!servers.contains(ns)) {
            servers.add(ns);
        }
        data.setDelegation(sub, servers);
        List<InetAddress> addresses = new ArrayList<>();
        for (String ip : glue) {
            addresses.add(Args.ip(ip));
        }
        if (!addresses.isEmpty()) {
            data.addAddresses(ns, addresses);
        }
    }

    /** Removes every NS record at {@code subzone}: it is answered from this server's own data again. */
    public void removeDelegation(String subzone) {
        data.clearDelegation(DnsNames.normalize(subzone));
    }

    @Override
    public void addTxt(String name, String value) {
        Objects.requireNonNull(value, "value");
        data.addTxt(DnsNames.normalize(name), value);
    }

    @Override
    public void removeTxt(String name, String value) {
        data.removeTxt(DnsNames.normalize(name), value);
    }

    @Override
    public void clearTxt(String name) {
        data.clearTxt(DnsNames.normalize(name));
    }

    @Override
    public List<String> txt(String name) {
        return data.txt(DnsNames.normalize(name));
    }

    @Override
    public void addA(String name, String... addresses) {
        data.addAddresses(DnsNames.normalize(name), parse(addresses, false));
    }

    @Override
    public void clearA(String name) {
        data.clearAddresses(DnsNames.normalize(name), false);
    }

    /** Adds IPv6 addresses for {@code name} (AAAA records). */
    public void addAaaa(String name, String... addresses) {
        data.addAddresses(DnsNames.normalize(name), parse(addresses, true));
    }

    /** Removes every AAAA record at {@code name}. */
    public void clearAaaa(String name) {
        data.clearAddresses(DnsNames.normalize(name), true);
    }

    @Override
    public void setCname(String name, String target) {
        data.setCname(DnsNames.normalize(name), DnsNames.normalize(target));
    }

    @Override
    public void clearCname(String name) {
        data.clearCname(DnsNames.normalize(name));
    }

    /** Sets (or with null clears) the address answered to A queries at names without A records. */
    public void setDefaultIpv4(String ip) {
        data.setDefault(ip == null || ip.isEmpty() ? null : IpLiterals.parse(ip, false), false);
    }

    /** Sets (or with null clears) the address answered to AAAA queries at names without AAAA records. */
    public void setDefaultIpv6(String ip) {
        data.setDefault(ip == null || ip.isEmpty() ? null : IpLiterals.parse(ip, true), true);
    }

    /** Makes every query for {@code name} fail with SERVFAIL ({@code on}) or answer normally again. */
    public void setServfail(String name, boolean on) {
        data.setServfail(DnsNames.normalize(name), on);
    }

    private static List<InetAddress> parse(String[] addresses, boolean v6) {
        if (addresses.length == 0) {
            throw new IllegalArgumentException("at least one address is required");
        }
        return Arrays.stream(addresses).map(a -> IpLiterals.parse(a, v6)).toList();
    }

    /** Stops the DNS listeners and the management API. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        transport.close();
        if (management != null) {
            management.stop(0);
            managementExecutor.shutdownNow();
        }
    }

    @Override
    public String toString() {
        return "TestDnsServer[" + address() + ", zones=" + data.zones() + "]";
    }

    /** Configures a {@link TestDnsServer}. Not thread-safe; {@link #start()} may be called more than once. */
    public static final class Builder {
        private InetAddress address = InetAddress.getLoopbackAddress();
        private int port;
        private InetAddress managementAddress = InetAddress.getLoopbackAddress();
        private int managementPort;
        private final Set<String> zones = new LinkedHashSet<>();
        private Optional<String> defaultIpv4 = Optional.empty();
        private Optional<String> defaultIpv6 = Optional.empty();

        private Builder() {
        }

        /** Address to listen on (default 127.0.0.1). Use only loopback addresses in tests. */
        public Builder address(String ip) {
            this.address = Args.ip(ip);
            return this;
        }

        /** Port for UDP and TCP; 0 (default) picks a free port. */
        public Builder port(int port) {
            this.port = Args.port(port);
            return this;
        }

        /** Address of the management API (default 127.0.0.1). */
        public Builder managementAddress(String ip) {
            this.managementAddress = Args.ip(ip);
            return this;
        }

        /** Port of the management API; 0 (default) picks a free port. */
        public Builder managementPort(int port) {
            this.managementPort = Args.port(port);
            return this;
        }

        /** Turns the management API off. */
        public Builder noManagement() {
            this.managementPort = -1;
            return this;
        }

        /** Adds a zone the server is authoritative for; without any it answers for every name. */
        public Builder zone(String zone) {
            zones.add(DnsNames.normalize(zone));
            return this;
        }

        /** Address answered to A queries at names without A records (pebble-challtestsrv: 127.0.0.1). */
        public Builder defaultIpv4(String ip) {
            IpLiterals.parse(ip, false);
            this.defaultIpv4 = Optional.of(ip);
            return this;
        }

        /** Address answered to AAAA queries at names without AAAA records (pebble-challtestsrv: ::1). */
        public Builder defaultIpv6(String ip) {
            IpLiterals.parse(ip, true);
            this.defaultIpv6 = Optional.of(ip);
            return this;
        }

        /**
         * Starts the server.
         *
         * @throws UncheckedIOException when a port cannot be bound
         */
        public TestDnsServer start() {
            try {
                return new TestDnsServer(this);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start test DNS server", e);
            }
        }

    }
}
