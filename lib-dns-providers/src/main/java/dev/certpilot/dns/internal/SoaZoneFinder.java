package dev.certpilot.dns.internal;

import java.io.IOException;
import java.util.Objects;
import java.util.Optional;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Finds the zone of a name by asking a DNS server for SOA records, walking from the name up to its parent zones.
 *
 * <p>For each candidate, longest first: an SOA in the answer owned by the candidate makes it the zone; an SOA in the
 * authority section (the server's answer for a name that does not exist or has no SOA) names the enclosing zone
 * directly. Refusals and failures move on to the parent. Point it at an authoritative server of the zone (the RFC 2136
 * primary, say) or at a recursive resolver.
 */
public final class SoaZoneFinder {

    private final Resolver resolver;

    /** Creates a finder asking {@code resolver} (dnsjava's, with its own address and timeout). */
    public SoaZoneFinder(Resolver resolver) {
        this.resolver = Objects.requireNonNull(resolver, "resolver");
    }

    /**
     * The zone that holds {@code fqdn} (normalized, no trailing dot), or empty when no server answered with an SOA.
     *
     * @throws IOException when the server could not be reached at all
     */
    public Optional<String> zoneOf(String fqdn) throws IOException {
        IOException lastFailure = null;
        boolean anyAnswer = false;
        for (String candidate : Zones.candidates(fqdn)) {
            Message response;
            try {
                response = resolver.send(Message.newQuery(Record.newRecord(absolute(candidate), Type.SOA, DClass.IN)));
            } catch (IOException e) {
                lastFailure = e;
                continue;
            }
            anyAnswer = true;
            int rcode = response.getRcode();
            if (rcode != Rcode.NOERROR && rcode != Rcode.NXDOMAIN) {
                continue;
            }
            for (Record r : response.getSection(Section.ANSWER)) {
                if (r.getType() == Type.SOA && Zones.normalize(r.getName().toString()).equals(candidate)) {
                    return Optional.of(candidate);
                }
            }
            for (Record r : response.getSection(Section.AUTHORITY)) {
                String owner = Zones.normalize(r.getName().toString());
                if (r.getType() == Type.SOA && Zones.isAtOrBelow(Zones.normalize(fqdn), owner)) {
                    return Optional.of(owner);
                }
            }
        }
        if (!anyAnswer && lastFailure != null) {
            throw lastFailure;
        }
        return Optional.empty();
    }

    private static Name absolute(String name) throws TextParseException {
        return Name.fromString(name + ".");
    }
}
