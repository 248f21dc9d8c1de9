package dev.certpilot.testca.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * The CA's DNS lookups against its configured resolver, with dnsjava: follows CNAME chains and referrals (to the
 * glue address, at the resolver's port, since NS records carry no port), retries over TCP when truncated.
 */
final class DnsLookup {
    private static final int MAX_STEPS = 12;
    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    /** A lookup that did not produce an answer (NXDOMAIN, SERVFAIL, timeout ...). */
    static final class Failure extends Exception {
        Failure(String message) {
            super(message, null, false, false);
        }
    }

    private final InetSocketAddress resolver;

    DnsLookup(InetSocketAddress resolver) {
        this.resolver = resolver;
    }

    /** The TXT values at {@code name} (each record's strings concatenated); empty for NODATA. */
    List<String> txt(String name) throws Failure {
        List<String> out = new ArrayList<>();
        for (Record r : lookup(name, Type.TXT)) {
            out.add(String.join("", ((TXTRecord) r).getStrings()));
        }
        return out;
    }

    /** The addresses (A then AAAA) of {@code name}. */
    List<InetAddress> addresses(String name) throws Failure {
        List<InetAddress> out = new ArrayList<>();
        for (Record r : lookup(name, Type.A)) {
            out.add(((ARecord) r).getAddress());
        }
        if (out.isEmpty()) {
            for (Record r : lookup(name, Type.AAAA)) {
                out.add(((AAAARecord) r).getAddress());
            }
        }
        return out;
    }

    private List<Record> lookup(String name, int type) throws Failure {
        Name current;
        try {
            current = Name.fromString(name, Name.root);
        } catch (TextParseException e) {
            throw new Failure("invalid name " + name);
        }
        InetSocketAddress server = resolver;
        for (int step = 0; step < MAX_STEPS; step++) {
            Message response = query(server, current, type);
            int rcode = response.getRcode();
            List<Record> answer = response.getSection(Section.ANSWER);
            List<Record> wanted = new ArrayList<>();
            Name target = current;
            for (Record r : answer) {
                if (r.getType() == type) {
                    wanted.add(r);
                } else if (r instanceof CNAMERecord c && r.getName().equals(target)) {
                    target = c.getTarget();
                }
            }
            if (!wanted.isEmpty()) {
                return wanted;
            }
            if (rcode == Rcode.NXDOMAIN) {
                throw new Failure("NXDOMAIN looking up " + Type.string(type) + " for " + name);
            }
            if (rcode != Rcode.NOERROR) {
                throw new Failure(Rcode.string(rcode) + " looking up " + Type.string(type) + " for " + name);
            }
            if (!target.equals(current)) {
                current = target;
                server = resolver;
                continue;
            }
            InetSocketAddress referral = referral(response, server);
            if (referral == null) {
                return List.of();
            }
            server = referral;
        }
        throw new Failure("too many CNAMEs or referrals looking up " + name);
    }

    private static InetSocketAddress referral(Message response, InetSocketAddress from) {
        if (response.getHeader().getFlag(Flags.AA)) {
            return null;
        }
        for (Record ns : response.getSection(Section.AUTHORITY)) {
            if (!(ns instanceof NSRecord nsRecord)) {
                continue;
            }
            for (Record glue : response.getSection(Section.ADDITIONAL)) {
                if (glue.getName().equals(nsRecord.getTarget())) {
                    if (glue instanceof ARecord a) {
                        return new InetSocketAddress(a.getAddress(), from.getPort());
                    }
                    if (glue instanceof AAAARecord a) {
                        return new InetSocketAddress(a.getAddress(), from.getPort());
                    }
                }
            }
        }
        return null;
    }

    private static Message query(InetSocketAddress server, Name name, int type) throws Failure {
        SimpleResolver r = new SimpleResolver(server);
        r.setTimeout(TIMEOUT);
        try {
            return r.send(Message.newQuery(Record.newRecord(name, type, DClass.IN)));
        } catch (IOException e) {
            throw new Failure("timeout or network error looking up " + Type.string(type) + " for " + name + " at "
                    + server + ": " + e.getMessage());
        }
    }
}
