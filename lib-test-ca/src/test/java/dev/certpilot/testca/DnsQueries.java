package dev.certpilot.testca;

import java.net.InetSocketAddress;
import java.time.Duration;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;

/** Test helper: sends one query to a test DNS server. */
final class DnsQueries {
    private DnsQueries() {
    }

    static Message query(InetSocketAddress server, String name, int type, boolean tcp, boolean ignoreTruncation)
            throws Exception {
        SimpleResolver resolver = new SimpleResolver(server);
        resolver.setTCP(tcp);
        resolver.setIgnoreTruncation(ignoreTruncation);
        resolver.setTimeout(Duration.ofSeconds(3));
        return resolver.send(Message.newQuery(Record.newRecord(Name.fromString(name, Name.root), type, DClass.IN)));
    }

    static Message query(InetSocketAddress server, String name, int type) throws Exception {
        return query(server, name, type, false, false);
    }
}
