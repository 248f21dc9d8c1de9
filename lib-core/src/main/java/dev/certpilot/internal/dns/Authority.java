package dev.certpilot.internal.dns;

import dev.certpilot.CertpilotException;
import dev.certpilot.ErrorCode;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Finds where names live in DNS: the zone that holds a name (SOA walk), that zone's authoritative nameservers, and
 * CNAME targets. Follows referrals, so a name inside an NS-delegated subzone (e.g. a delegated
 * {@code _acme-challenge} zone) is attributed to the subzone and its own servers, not to the parent's.
 *
 * <p>Results are cached for the lifetime of the instance (the engine uses one per job run). Thread-safe.
 */
public final class Authority {

    private static final int MAX_REFERRALS = 8;
    private static final int MAX_CNAME_HOPS = 8;

    private final DnsClient dns;
    private final InetSocketAddress resolver;
    private final int nameserverPort;
    private final Map<String, ZoneServers> zones = new ConcurrentHashMap<>();

    /**
     * Creates a finder.
     *
     * @param dns            sends queries
     * @param resolver       the recursive resolver to start from (or, in tests, an authoritative server)
     * @param nameserverPort the port discovered nameservers listen on (53 in production)
     */
    public Authority(DnsClient dns, InetSocketAddress resolver, int nameserverPort) {
        this.dns = dns;
        this.resolver = resolver;
        this.nameserverPort = nameserverPort;
    }

    /**
     * The zone holding {@code name} and its authoritative servers.
     *
     * @throws CertpilotException {@link ErrorCode#ZONE_NOT_FOUND} when no SOA is found or servers refuse to answer
     */
    public ZoneServers zoneOf(String name) {
        String candidate = name;
        List<InetSocketAddress> servers = List.of(resolver);
        int referrals = 0;
        while (true) {
            Message m = ask(servers, candidate, Type.SOA, servers.get(0).equals(resolver));
            int rcode = m.getRcode();
            if (rcode != Rcode.NOERROR && rcode != Rcode.NXDOMAIN) {
                throw new CertpilotException(ErrorCode.ZONE_NOT_FOUND, "cannot find the zone of " + name + ": "
                        + describe(servers) + " answered " + Rcode.string(rcode) + " to an SOA query for " + candidate);
            }
            Optional<String> soaOwner = soaOwner(m, Section.ANSWER, candidate)
                    .or(() -> soaOwner(m, Section.AUTHORITY, name));
            if (soaOwner.isPresent()) {
                List<InetSocketAddress> asked = servers;
                // servers that answered authoritatively are a fallback when the NS names cannot be resolved
                List<InetSocketAddress> fallback = m.getHeader().getFlag(Flags.AA) ? asked : null;
                return zones.computeIfAbsent(soaOwner.get(), z -> new ZoneServers(z, nameserversAt(z, asked, fallback)));
            }
            List<InetSocketAddress> delegated = referral(m, name);
            if (!delegated.isEmpty() && referrals < MAX_REFERRALS) {
                servers = delegated;
                referrals++;
                continue;
            }
            int dot = candidate.indexOf('.');
            if (dot < 0) {
                throw new CertpilotException(ErrorCode.ZONE_NOT_FOUND, "no SOA record found for " + name
                        + " or any parent (asked " + describe(servers) + ")");
            }
            candidate = candidate.substring(dot + 1);
        }
    }

    /**
     * The final target of a CNAME chain starting at {@code name}, if {@code name} is a CNAME.
     *
     * @throws CertpilotException {@link ErrorCode#ZONE_NOT_FOUND} for a CNAME loop or a chain longer than 8
     */
    public Optional<String> cnameTarget(String name) {
        String current = name;
        Set<String> seen = new LinkedHashSet<>();
        for (int hop = 0; hop <= MAX_CNAME_HOPS; hop++) {
            if (!seen.add(current)) {
                throw new CertpilotException(ErrorCode.ZONE_NOT_FOUND, "CNAME loop at " + name + ": " + seen);
            }
            Message m = dns.queryBlocking(resolver, current, Type.CNAME, true);
            Optional<String> next = Optional.empty();
            if (m.getRcode() == Rcode.NOERROR) {
                for (Record r : m.getSection(Section.ANSWER)) {
                    if (r instanceof CNAMERecord c && DnsClient.fromName(c.getName()).equals(current)) {
                        next = Optional.of(DnsClient.fromName(c.getTarget()));
                    }
                }
            }
            if (next.isEmpty()) {
                return current.equals(name) ? Optional.empty() : Optional.of(current);
            }
            current = next.get();
        }
        throw new CertpilotException(ErrorCode.ZONE_NOT_FOUND, "CNAME chain from " + name + " is longer than "
                + MAX_CNAME_HOPS + ": " + seen);
    }

    private List<InetSocketAddress> nameserversAt(String zone, List<InetSocketAddress> ask,
                                                  List<InetSocketAddress> fallback) {
        Message m = ask(ask, zone, Type.NS, ask.get(0).equals(resolver));
        List<NSRecord> ns = new ArrayList<>();
        for (int section : new int[] {Section.ANSWER, Section.AUTHORITY}) {
            for (Record r : m.getSection(section)) {
                if (r instanceof NSRecord n && DnsClient.fromName(n.getName()).equals(zone)) {
                    ns.add(n);
                }
            }
        }
        List<InetSocketAddress> addresses = addressesOf(ns, m);
        if (addresses.isEmpty()) {
            if (fallback != null) {
                return fallback;
            }
            throw new CertpilotException(ErrorCode.ZONE_NOT_FOUND, "no reachable nameserver found for zone " + zone
                    + " (asked " + describe(ask) + ")");
        }
        return addresses;
    }

    private List<InetSocketAddress> referral(Message m, String name) {
        if (m.getHeader().getFlag(Flags.AA)) {
            return List.of();
        }
        List<NSRecord> ns = new ArrayList<>();
        for (Record r : m.getSection(Section.AUTHORITY)) {
            if (r instanceof NSRecord n) {
                String owner = DnsClient.fromName(n.getName());
                if (name.equals(owner) || name.endsWith("." + owner)) {
                    ns.add(n);
                }
            }
        }
        return addressesOf(ns, m);
    }

    private List<InetSocketAddress> addressesOf(List<NSRecord> ns, Message m) {
        Set<InetSocketAddress> out = new LinkedHashSet<>();
        for (NSRecord n : ns) {
            List<InetAddress> glue = new ArrayList<>();
            for (Record r : m.getSection(Section.ADDITIONAL)) {
                if (r.getName().equals(n.getTarget())) {
                    if (r instanceof ARecord a) {
                        glue.add(a.getAddress());
                    } else if (r instanceof AAAARecord a) {
                        glue.add(a.getAddress());
                    }
                }
            }
            if (glue.isEmpty()) {
                glue.addAll(resolveAddress(DnsClient.fromName(n.getTarget())));
            }
            glue.forEach(a -> out.add(new InetSocketAddress(a, nameserverPort)));
        }
        return List.copyOf(out);
    }

    private List<InetAddress> resolveAddress(String host) {
        List<InetAddress> out = new ArrayList<>();
        for (int type : new int[] {Type.A, Type.AAAA}) {
            try {
                Message m = dns.queryBlocking(resolver, host, type, true);
                for (Record r : m.getSection(Section.ANSWER)) {
                    if (r instanceof ARecord a) {
                        out.add(a.getAddress());
                    } else if (r instanceof AAAARecord a) {
                        out.add(a.getAddress());
                    }
                }
            } catch (DnsClient.DnsQueryException e) {
                // try the other family; an unresolvable nameserver is skipped
            }
        }
        return out;
    }

    private Message ask(List<InetSocketAddress> servers, String name, int type, boolean recursion) {
        DnsClient.DnsQueryException last = null;
        for (InetSocketAddress s : servers) {
            try {
                return dns.queryBlocking(s, name, type, recursion);
            } catch (DnsClient.DnsQueryException e) {
                last = e;
            }
        }
        throw new CertpilotException(ErrorCode.ZONE_NOT_FOUND, "cannot find the zone of " + name + ": "
                + (last == null ? "no server to ask" : last.getMessage()), last);
    }

    private static Optional<String> soaOwner(Message m, int section, String name) {
        for (Record r : m.getSection(section)) {
            if (r instanceof SOARecord) {
                String owner = DnsClient.fromName(r.getName());
                if (name.equals(owner) || name.endsWith("." + owner)) {
                    return Optional.of(owner);
                }
            }
        }
        return Optional.empty();
    }

    private static String describe(List<InetSocketAddress> servers) {
        return servers.stream().map(s -> s.getAddress().getHostAddress() + ":" + s.getPort()).toList().toString();
    }
}
