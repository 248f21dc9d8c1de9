package dev.certpilot.internal.dns;

import dev.certpilot.spi.ChallengeRecord;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * Checks whether published TXT records are visible: every expected value at every authoritative server of the
 * record's zone (or at the configured servers), and at the configured public resolvers. One instance per job run:
 * it discovers the servers once and is then {@link #pending() polled}.
 */
public final class PropagationCheck {

    private final DnsClient dns;
    private final Map<String, Set<String>> expected = new LinkedHashMap<>();
    private final Map<String, List<InetSocketAddress>> authoritative = new LinkedHashMap<>();
    private final List<InetSocketAddress> publicResolvers;

    /**
     * Prepares a check: finds the servers to ask for every record name.
     *
     * @param records         the published records
     * @param nameservers     servers to ask instead of discovering (empty: discover through {@code authority})
     * @param publicResolvers recursive resolvers that must also see the values
     * @throws dev.certpilot.CertpilotException {@code ZONE_NOT_FOUND} when a record's servers cannot be found
     */
    public PropagationCheck(DnsClient dns, Authority authority, List<ChallengeRecord> records,
                            List<InetSocketAddress> nameservers, List<InetSocketAddress> publicResolvers) {
        this.dns = dns;
        this.publicResolvers = List.copyOf(publicResolvers);
        for (ChallengeRecord r : records) {
            expected.computeIfAbsent(r.fqdn(), k -> new LinkedHashSet<>()).add(r.value());
        }
        for (String fqdn : expected.keySet()) {
            authoritative.put(fqdn, nameservers.isEmpty() ? authority.zoneOf(fqdn).servers() : nameservers);
        }
    }

    /**
     * Asks every server once, in parallel.
     *
     * @return one line per record name and server that does not yet show every expected value; empty when all
     *         records are visible everywhere
     */
    public List<String> pending() {
        List<CompletableFuture<String>> checks = new ArrayList<>();
        expected.forEach((fqdn, values) -> {
            for (InetSocketAddress s : authoritative.get(fqdn)) {
                checks.add(checkAt(s, fqdn, values, false));
            }
            for (InetSocketAddress s : publicResolvers) {
                checks.add(checkAt(s, fqdn, values, true));
            }
        });
        List<String> missing = new ArrayList<>();
        for (CompletableFuture<String> c : checks) {
            String problem = c.join();
            if (problem != null) {
                missing.add(problem);
            }
        }
        return missing;
    }

    /** How many record names are checked. */
    public int names() {
        return expected.size();
    }

    private CompletableFuture<String> checkAt(InetSocketAddress server, String fqdn, Set<String> values,
                                              boolean recursion) {
        String where = fqdn + " at " + server.getAddress().getHostAddress() + ":" + server.getPort();
        return dns.query(server, fqdn, Type.TXT, recursion).handle((m, error) -> {
            if (error != null) {
                return where + ": no answer (" + rootCause(error).getClass().getSimpleName() + ")";
            }
            if (m.getRcode() != Rcode.NOERROR) {
                return where + ": " + Rcode.string(m.getRcode());
            }
            Set<String> seen = txtValues(m, fqdn);
            Set<String> absent = new LinkedHashSet<>(values);
            absent.removeAll(seen);
            return absent.isEmpty() ? null : where + ": missing " + absent.size() + " of " + values.size() + " values";
        });
    }

    private static Set<String> txtValues(Message m, String fqdn) {
        Set<String> seen = new HashSet<>();
        for (Record r : m.getSection(Section.ANSWER)) {
            if (r instanceof TXTRecord t && DnsClient.fromName(t.getName()).equals(fqdn)) {
                seen.add(String.join("", t.getStrings()));
            }
        }
        return seen;
    }

    private static Throwable rootCause(Throwable t) {
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }
}
