package dev.certpilot.dns.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/** Real DNS queries (over TCP) against a server on loopback, to read back what a provider published. */
public final class DnsQueries {

    private DnsQueries() {
    }

    /** The TXT values at {@code fqdn} as the server at {@code 127.0.0.1:port} answers them. */
    public static Set<String> txt(int port, String fqdn) {
        Message response = query(port, fqdn, Type.TXT);
        Set<String> values = new TreeSet<>();
        for (Record r : response.getSection(Section.ANSWER)) {
            if (r instanceof TXTRecord txt) {
                values.add(String.join("", txt.getStrings()));
            }
        }
        return values;
    }

    /** Whether the server at {@code 127.0.0.1:port} answers an SOA query for {@code zone} with NOERROR. */
    public static boolean answersSoa(int port, String zone) {
        try {
            Message m = query(port, zone, Type.SOA);
            return m.getRcode() == Rcode.NOERROR && !m.getSection(Section.ANSWER).isEmpty();
        } catch (UncheckedIOException e) {
            return false;
        }
    }

    private static Message query(int port, String name, int type) {
        SimpleResolver resolver = new SimpleResolver(new InetSocketAddress("127.0.0.1", port));
        resolver.setTCP(true);
        resolver.setTimeout(Duration.ofSeconds(2));
        try {
            return resolver.send(Message.newQuery(Record.newRecord(Name.fromString(name + "."), type, DClass.IN)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
