package dev.certpilot.testca.internal.dns;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The records a test DNS server holds. All names are normalised with {@link DnsNames#normalize(String)}.
 * Thread-safe: every access synchronises on this object; reads return copies.
 */
public final class DnsData {

    /** Records at one name. */
    private static final class Node {
        final List<String> txt = new ArrayList<>();
        final List<InetAddress> a = new ArrayList<>();
        final List<InetAddress> aaaa = new ArrayList<>();
        String cname;
        final List<String> ns = new ArrayList<>();

        boolean isEmpty() {
            return txt.isEmpty() && a.isEmpty() && aaaa.isEmpty() && cname == null && ns.isEmpty();
        }
    }

    private final Map<String, Node> nodes = new HashMap<>();
    private final Set<String> zones = new TreeSet<>();
    private final Set<String> servfail = new LinkedHashSet<>();
    private InetAddress defaultIpv4;
    private InetAddress defaultIpv6;
    private final AtomicLong serial = new AtomicLong(1);

    private Node node(String name) {
        return nodes.computeIfAbsent(name, n -> new Node());
    }

    private void changed(String name) {
        Node n = nodes.get(name);
        if (n != null && n.isEmpty()) {
            nodes.remove(name);
        }
        serial.incrementAndGet();
    }

    /** SOA serial; grows with every change. */
    public long serial() {
        return serial.get();
    }

    /** Adds a zone the server is authoritative for. */
    public synchronized void addZone(String zone) {
        zones.add(zone);
        serial.incrementAndGet();
    }

    /** Removes a zone; its records stay. */
    public synchronized void removeZone(String zone) {
        zones.remove(zone);
        serial.incrementAndGet();
    }

    /** The configured zones. */
    public synchronized Set<String> zones() {
        return Set.copyOf(zones);
    }

    /** Adds a TXT value at a name. */
    public synchronized void addTxt(String name, String value) {
        node(name).txt.add(value);
        changed(name);
    }

    /** Removes one TXT value (every copy of it) at a name. */
    public synchronized void removeTxt(String name, String value) {
        Node n = nodes.get(name);
        if (n != null) {
            n.txt.removeIf(value::equals);
            changed(name);
        }
    }

    /** Removes every TXT value at a name. */
    public synchronized void clearTxt(String name) {
        Node n = nodes.get(name);
        if (n != null) {
            n.txt.clear();
            changed(name);
        }
    }

    /** The TXT values at a name, in insertion order. */
    public synchronized List<String> txt(String name) {
        Node n = nodes.get(name);
        return n == null ? List.of() : List.copyOf(n.txt);
    }

    /** Adds A/AAAA records (by address family) at a name. */
    public synchronized void addAddresses(String name, Collection<InetAddress> addresses) {
        Node n = node(name);
        for (InetAddress address : addresses) {
            List<InetAddress> list = address.getAddress().length == 4 ? n.a : n.aaaa;
            if (!list.contains(address)) {
                list.add(address);
            }
        }
        changed(name);
    }

    /** Removes every A ({@code ipv6} false) or AAAA record at a name. */
    public synchronized void clearAddresses(String name, boolean ipv6) {
        Node n = nodes.get(name);
        if (n != null) {
            (ipv6 ? n.aaaa : n.a).clear();
            changed(name);
        }
    }

    /** Sets the CNAME of a name. */
    public synchronized void setCname(String name, String target) {
        node(name).cname = target;
        changed(name);
    }

    /** Removes the CNAME of a name. */
    public synchronized void clearCname(String name) {
        Node n = nodes.get(name);
        if (n != null) {
            n.cname = null;
            changed(name);
        }
    }

    /** Sets the NS records of a delegation point. */
    public synchronized void setDelegation(String subzone, List<String> nameServers) {
        Node n = node(subzone);
        n.ns.clear();
        n.ns.addAll(nameServers);
        changed(subzone);
    }

    /** Removes the NS records of a delegation point. */
    public synchronized void clearDelegation(String subzone) {
        Node n = nodes.get(subzone);
        if (n != null) {
            n.ns.clear();
            changed(subzone);
        }
    }

    /** Sets (null clears) the default A or AAAA answer. */
    public synchronized void setDefault(InetAddress address, boolean ipv6) {
        if (ipv6) {
            defaultIpv6 = address;
        } else {
            defaultIpv4 = address;
        }
        serial.incrementAndGet();
    }

    /** Makes queries for a name fail with SERVFAIL, or not. */
    public synchronized void setServfail(String name, boolean on) {
        if (on) {
            servfail.add(name);
        } else {
            servfail.remove(name);
        }
        serial.incrementAndGet();
    }

    /** A consistent copy of what one name holds, for answering one query. */
    public record Snapshot(List<String> txt, List<InetAddress> a, List<InetAddress> aaaa, String cname,
                           List<String> ns, boolean exists) {
    }

    /** What is stored at {@code name}; {@code exists} is also true for empty non-terminals. */
    public synchronized Snapshot lookup(String name) {
        Node n = nodes.get(name);
        boolean exists = n != null || hasDescendant(name);
        if (n == null) {
            return new Snapshot(List.of(), List.of(), List.of(), null, List.of(), exists);
        }
        return new Snapshot(List.copyOf(n.txt), List.copyOf(n.a), List.copyOf(n.aaaa), n.cname, List.copyOf(n.ns),
                exists);
    }

    private boolean hasDescendant(String name) {
        String suffix = "." + name;
        for (String key : nodes.keySet()) {
            if (key.endsWith(suffix)) {
                return true;
            }
        }
        return false;
    }

    /** The default address for A or AAAA queries at names without own records, if set. */
    public synchronized Optional<InetAddress> defaultAddress(boolean ipv6) {
        return Optional.ofNullable(ipv6 ? defaultIpv6 : defaultIpv4);
    }

    /** Whether queries for a name fail with SERVFAIL. */
    public synchronized boolean isServfail(String name) {
        return servfail.contains(name);
    }

    /** The longest configured zone holding {@code name}, if any. */
    public synchronized Optional<String> zoneOf(String name) {
        String best = null;
        for (String z : zones) {
            if (DnsNames.isAtOrBelow(name, z) && (best == null || z.length() > best.length())) {
                best = z;
            }
        }
        return Optional.ofNullable(best);
    }

    /**
     * The delegation point (a name with NS records, strictly below {@code zone} or anywhere when {@code zone} is
     * null) that {@code name} is at or below, the closest to the zone apex first.
     */
    public synchronized Optional<String> delegationOf(String name, String zone) {
        String best = null;
        for (Map.Entry<String, Node> e : nodes.entrySet()) {
            String point = e.getKey();
            if (e.getValue().ns.isEmpty() || point.equals(zone)) {
                continue;
            }
            if (zone != null && !DnsNames.isAtOrBelow(point, zone)) {
                continue;
            }
            if (DnsNames.isAtOrBelow(name, point) && (best == null || point.length() < best.length())) {
                best = point;
            }
        }
        return Optional.ofNullable(best);
    }
}
