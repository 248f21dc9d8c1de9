package dev.certpilot.testca.internal.dns;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Answers one DNS query from a {@link DnsData} the way an authoritative server does: AA flag, CNAME chains
 * followed inside its own data, NXDOMAIN versus NODATA with the SOA in the authority section, referrals (no AA,
 * NS in authority, glue in additional) below delegation points, and truncation over UDP.
 */
public final class DnsResponder {
    /** TTL of every answered record, in seconds. */
    public static final long TTL = 60;
    private static final int MAX_CNAME_HOPS = 8;
    private static final int OUR_UDP_PAYLOAD = 1232;

    private final DnsData data;
    private final InetAddress self;

    /**
     * @param data the records
     * @param self address of this server, served as glue for the synthesized {@code ns.<zone>} name server
     */
    public DnsResponder(DnsData data, InetAddress self) {
        this.data = data;
        this.self = self;
    }

    /** The wire form of the answer to {@code query}; {@code udp} limits the size and may set the TC bit. */
    public byte[] answer(byte[] query, boolean udp) {
        Message request;
        try {
            request = new Message(query);
        } catch (Exception e) {
            if (query.length < 2) {
                return null;
            }
            Message formerr = new Message(((query[0] & 0xff) << 8) | (query[1] & 0xff));
            formerr.getHeader().setFlag(Flags.QR);
            formerr.getHeader().setRcode(Rcode.FORMERR);
            return formerr.toWire();
        }
        Message response = respond(request);
        OPTRecord opt = request.getOPT();
        int max = 65535;
        if (udp) {
            max = opt == null ? 512 : Math.max(512, Math.min(opt.getPayloadSize(), 65535));
        }
        if (opt != null) {
            response.addRecord(new OPTRecord(OUR_UDP_PAYLOAD, 0, 0), Section.ADDITIONAL);
        }
        return response.toWire(max);
    }

    /** The answer to a parsed query. */
    public Message respond(Message request) {
        Message response = new Message(request.getHeader().getID());
        response.getHeader().setFlag(Flags.QR);
        if (request.getHeader().getFlag(Flags.RD)) {
            response.getHeader().setFlag(Flags.RD);
        }
        Record question = request.getQuestion();
        if (request.getHeader().getOpcode() != Opcode.QUERY) {
            response.getHeader().setRcode(Rcode.NOTIMP);
            return response;
        }
        if (question == null) {
            response.getHeader().setRcode(Rcode.FORMERR);
            return response;
        }
        response.addRecord(question, Section.QUESTION);
        if (question.getDClass() != DClass.IN && question.getDClass() != DClass.ANY) {
            response.getHeader().setRcode(Rcode.REFUSED);
            return response;
        }
        String qname = question.getName().toString().toLowerCase(java.util.Locale.ROOT);
        int qtype = question.getType();
        if (data.isServfail(qname)) {
            response.getHeader().setRcode(Rcode.SERVFAIL);
            return response;
        }
        boolean zonesConfigured = !data.zones().isEmpty();
        Optional<String> zone = data.zoneOf(qname);
        if (zonesConfigured && zone.isEmpty()) {
            response.getHeader().setRcode(Rcode.REFUSED);
            return response;
        }
        Optional<String> delegation = data.delegationOf(qname, zone.orElse(null));
        if (delegation.isPresent()) {
            referral(response, delegation.get());
            return response;
        }
        response.getHeader().setFlag(Flags.AA);
        String current = qname;
        for (int hop = 0; hop <= MAX_CNAME_HOPS; hop++) {
            DnsData.Snapshot snap = data.lookup(current);
            boolean apex = zone.isPresent() && current.equals(zone.get());
            if (snap.cname() != null && qtype != Type.CNAME && !apex) {
                response.addRecord(new CNAMERecord(name(current), DClass.IN, TTL, name(snap.cname())),
                        Section.ANSWER);
                String target = snap.cname();
                if (!withinAuthority(target, zone)) {
                    return response;
                }
                current = target;
                continue;
            }
            List<Record> records = records(current, qtype, snap, apex);
            records.forEach(r -> response.addRecord(r, Section.ANSWER));
            if (records.isEmpty()) {
                if (!snap.exists() && !apex && !isZoneNs(current, zone)) {
                    response.getHeader().setRcode(Rcode.NXDOMAIN);
                }
                zone.ifPresent(z -> response.addRecord(soa(z), Section.AUTHORITY));
            }
            return response;
        }
        response.getHeader().setRcode(Rcode.SERVFAIL);
        return response;
    }

    private boolean withinAuthority(String target, Optional<String> zone) {
        if (data.zones().isEmpty()) {
            return data.delegationOf(target, null).isEmpty();
        }
        Optional<String> targetZone = data.zoneOf(target);
        return targetZone.isPresent() && targetZone.equals(zone)
                && data.delegationOf(target, targetZone.get()).isEmpty();
    }

    private boolean isZoneNs(String name, Optional<String> zone) {
        return zone.isPresent() && name.equals("ns." + zone.get());
    }

    private List<Record> records(String owner, int qtype, DnsData.Snapshot snap, boolean apex) {
        Name n = name(owner);
        List<Record> out = new ArrayList<>();
        boolean any = qtype == Type.ANY;
        if (qtype == Type.TXT || any) {
            for (String value : snap.txt()) {
                out.add(new TXTRecord(n, DClass.IN, TTL, chunks(value)));
            }
        }
        if (qtype == Type.A || any) {
            List<InetAddress> a = new ArrayList<>(snap.a());
            if (a.isEmpty() && isSynthesizedNs(owner) && self.getAddress().length == 4) {
                a.add(self);
            }
            if (a.isEmpty() && qtype == Type.A) {
                data.defaultAddress(false).ifPresent(a::add);
            }
            a.forEach(addr -> out.add(new ARecord(n, DClass.IN, TTL, addr)));
        }
        if (qtype == Type.AAAA || any) {
            List<InetAddress> aaaa = new ArrayList<>(snap.aaaa());
            if (aaaa.isEmpty() && isSynthesizedNs(owner) && self.getAddress().length == 16) {
                aaaa.add(self);
            }
            if (aaaa.isEmpty() && qtype == Type.AAAA) {
                data.defaultAddress(true).ifPresent(aaaa::add);
            }
            aaaa.forEach(addr -> out.add(new AAAARecord(n, DClass.IN, TTL, addr)));
        }
        if ((qtype == Type.CNAME || any) && snap.cname() != null) {
            out.add(new CNAMERecord(n, DClass.IN, TTL, name(snap.cname())));
        }
        if (apex && (qtype == Type.SOA || any)) {
            out.add(soa(owner));
        }
        if (apex && (qtype == Type.NS || any)) {
            out.add(new NSRecord(n, DClass.IN, TTL, name("ns." + owner)));
        }
        return out;
    }

    private boolean isSynthesizedNs(String owner) {
        if (!owner.startsWith("ns.")) {
            return false;
        }
        return data.zones().contains(owner.substring(3));
    }

    private void referral(Message response, String point) {
        DnsData.Snapshot snap = data.lookup(point);
        for (String ns : snap.ns()) {
            response.addRecord(new NSRecord(name(point), DClass.IN, TTL, name(ns)), Section.AUTHORITY);
            DnsData.Snapshot glue = data.lookup(ns);
            glue.a().forEach(a -> response.addRecord(new ARecord(name(ns), DClass.IN, TTL, a), Section.ADDITIONAL));
            glue.aaaa().forEach(a -> response.addRecord(new AAAARecord(name(ns), DClass.IN, TTL, a),
                    Section.ADDITIONAL));
        }
    }

    private SOARecord soa(String zone) {
        return new SOARecord(name(zone), DClass.IN, TTL, name("ns." + zone), name("hostmaster." + zone),
                data.serial(), 60, 60, 600, TTL);
    }

    private static List<String> chunks(String value) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < value.length(); i += 255) {
            parts.add(value.substring(i, Math.min(value.length(), i + 255)));
        }
        if (parts.isEmpty()) {
            parts.add("");
        }
        return parts;
    }

    private static Name name(String absolute) {
        try {
            return Name.fromString(absolute);
        } catch (TextParseException e) {
            throw new IllegalArgumentException("invalid DNS name " + absolute, e);
        }
    }
}
