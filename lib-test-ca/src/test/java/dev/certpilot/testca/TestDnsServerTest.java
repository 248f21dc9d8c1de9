package dev.certpilot.testca;

import static dev.certpilot.testca.DnsQueries.query;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

class TestDnsServerTest {
    private static TestDnsServer dns;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        dns = TestDnsServer.builder().zone("example.test").start();
    }

    @AfterAll
    static void stop() {
        dns.close();
    }

    private static List<String> txtValues(Message m) {
        return m.getSection(Section.ANSWER).stream().filter(r -> r instanceof TXTRecord)
                .map(r -> String.join("", ((TXTRecord) r).getStrings())).collect(Collectors.toList());
    }

    @Test
    void servesSeveralTxtValuesAtOneNameAuthoritatively() throws Exception {
        dns.addTxt("_acme-challenge.multi.example.test", "one");
        dns.addTxt("_ACME-challenge.Multi.example.test.", "two");
        Message m = query(dns.address(), "_acme-challenge.multi.example.test.", Type.TXT);
        assertThat(m.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(m.getHeader().getFlag(Flags.AA)).isTrue();
        assertThat(txtValues(m)).containsExactly("one", "two");
        assertThat(dns.txt("_acme-challenge.multi.example.test")).containsExactly("one", "two");
        dns.removeTxt("_acme-challenge.multi.example.test", "one");
        assertThat(txtValues(query(dns.address(), "_acme-challenge.multi.example.test.", Type.TXT)))
                .containsExactly("two");
        dns.clearTxt("_acme-challenge.multi.example.test");
        assertThat(query(dns.address(), "_acme-challenge.multi.example.test.", Type.TXT).getRcode())
                .isEqualTo(Rcode.NXDOMAIN);
    }

    @Test
    void nxdomainAndNodataCarryTheSoa() throws Exception {
        dns.addA("host.example.test", "127.0.0.9");
        Message nodata = query(dns.address(), "host.example.test.", Type.TXT);
        assertThat(nodata.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(nodata.getSection(Section.ANSWER)).isEmpty();
        assertThat(nodata.getSection(Section.AUTHORITY)).extracting(Record::getType).containsExactly(Type.SOA);

        Message nx = query(dns.address(), "absent.example.test.", Type.TXT);
        assertThat(nx.getRcode()).isEqualTo(Rcode.NXDOMAIN);
        assertThat(nx.getHeader().getFlag(Flags.AA)).isTrue();
        assertThat(nx.getSection(Section.AUTHORITY)).extracting(Record::getType).containsExactly(Type.SOA);

        dns.addTxt("_acme-challenge.deep.ent.example.test", "x");
        assertThat(query(dns.address(), "ent.example.test.", Type.A).getRcode())
                .as("empty non-terminal is NODATA").isEqualTo(Rcode.NOERROR);
    }

    @Test
    void apexHasSoaAndNsAndOutsideZonesIsRefused() throws Exception {
        Message soa = query(dns.address(), "example.test.", Type.SOA);
        assertThat(soa.getSection(Section.ANSWER)).extracting(Record::getType).containsExactly(Type.SOA);
        Message ns = query(dns.address(), "EXAMPLE.test.", Type.NS);
        assertThat(ns.getSection(Section.ANSWER)).extracting(r -> r.rdataToString().toLowerCase())
                .containsExactly("ns.example.test.");
        Message nsA = query(dns.address(), "ns.example.test.", Type.A);
        assertThat(nsA.getSection(Section.ANSWER)).extracting(Record::rdataToString).containsExactly("127.0.0.1");
        assertThat(query(dns.address(), "example.org.", Type.A).getRcode()).isEqualTo(Rcode.REFUSED);
    }

    @Test
    void followsCnameChainsInsideItsData() throws Exception {
        dns.setCname("_acme-challenge.alias.example.test", "mid.example.test");
        dns.setCname("mid.example.test", "target.example.test");
        dns.addTxt("target.example.test", "delegated-value");
        Message m = query(dns.address(), "_acme-challenge.alias.example.test.", Type.TXT);
        assertThat(m.getSection(Section.ANSWER)).extracting(Record::getType)
                .containsExactly(Type.CNAME, Type.CNAME, Type.TXT);
        assertThat(txtValues(m)).containsExactly("delegated-value");
        Message direct = query(dns.address(), "mid.example.test.", Type.CNAME);
        assertThat(direct.getSection(Section.ANSWER)).hasSize(1);
        dns.clearCname("mid.example.test");
        Message broken = query(dns.address(), "_acme-challenge.alias.example.test.", Type.TXT);
        assertThat(broken.getRcode()).isEqualTo(Rcode.NXDOMAIN);
        assertThat(broken.getSection(Section.ANSWER)).extracting(Record::getType).containsExactly(Type.CNAME);
    }

    @Test
    void answersReferralsBelowDelegations() throws Exception {
        dns.addDelegation("_acme-challenge.app.example.test", "ns1.other.test", "127.0.0.2");
        Message m = query(dns.address(), "_acme-challenge.app.example.test.", Type.TXT);
        assertThat(m.getHeader().getFlag(Flags.AA)).isFalse();
        assertThat(m.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(m.getSection(Section.ANSWER)).isEmpty();
        assertThat(m.getSection(Section.AUTHORITY)).extracting(Record::rdataToString).containsExactly("ns1.other.test.");
        assertThat(m.getSection(Section.ADDITIONAL)).extracting(Record::rdataToString).contains("127.0.0.2");
        dns.removeDelegation("_acme-challenge.app.example.test");
        assertThat(query(dns.address(), "_acme-challenge.app.example.test.", Type.TXT).getHeader().getFlag(Flags.AA))
                .isTrue();
    }

    @Test
    void truncatesBigUdpAnswersAndServesThemOverTcp() throws Exception {
        for (int i = 0; i < 200; i++) {
            dns.addTxt("_acme-challenge.big.example.test", "value-" + i + "-abcdefghijklmnopqrstuvwxyz0123456789ABC");
        }
        Message udp = query(dns.address(), "_acme-challenge.big.example.test.", Type.TXT, false, true);
        assertThat(udp.getHeader().getFlag(Flags.TC)).isTrue();
        Message auto = query(dns.address(), "_acme-challenge.big.example.test.", Type.TXT);
        assertThat(txtValues(auto)).hasSize(200);
        Message tcp = query(dns.address(), "_acme-challenge.big.example.test.", Type.TXT, true, false);
        assertThat(txtValues(tcp)).hasSize(200);
    }

    @Test
    void openModeAnswersAnyNameItHolds() throws Exception {
        try (TestDnsServer open = TestDnsServer.builder().noManagement().start()) {
            open.addTxt("_acme-challenge.anything.invalid", "v");
            assertThat(txtValues(query(open.address(), "_acme-challenge.anything.invalid.", Type.TXT)))
                    .containsExactly("v");
            assertThat(query(open.address(), "nothing.invalid.", Type.A).getRcode()).isEqualTo(Rcode.NXDOMAIN);
            open.setDefaultIpv4("127.0.0.1");
            assertThat(query(open.address(), "nothing.invalid.", Type.A).getSection(Section.ANSWER)).hasSize(1);
            assertThat(open.managementUrl()).isEmpty();
        }
    }

    @Test
    void servfailCanBeScripted() throws Exception {
        dns.setServfail("broken.example.test", true);
        assertThat(query(dns.address(), "broken.example.test.", Type.TXT).getRcode()).isEqualTo(Rcode.SERVFAIL);
        dns.setServfail("broken.example.test", false);
        assertThat(query(dns.address(), "broken.example.test.", Type.TXT).getRcode()).isEqualTo(Rcode.NXDOMAIN);
    }

    private static HttpResponse<String> post(String path, String body) throws Exception {
        URI base = dns.managementUrl().orElseThrow();
        return HTTP.send(HttpRequest.newBuilder(base.resolve(path)).POST(HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void challtestsrvManagementApi() throws Exception {
        assertThat(post("/set-txt", "{\"host\":\"_acme-challenge.api.example.test.\",\"value\":\"a\"}").statusCode())
                .isEqualTo(200);
        assertThat(post("/set-txt", "{\"Host\":\"_acme-challenge.api.example.test.\",\"Value\":\"b\"}").statusCode())
                .isEqualTo(200);
        assertThat(dns.txt("_acme-challenge.api.example.test")).containsExactly("a", "b");
        assertThat(post("/clear-txt", "{\"host\":\"_acme-challenge.api.example.test.\"}").statusCode()).isEqualTo(200);
        assertThat(dns.txt("_acme-challenge.api.example.test")).isEmpty();
        assertThat(post("/set-txt", "{\"host\":\"x.example.test\"}").statusCode()).isEqualTo(400);
        assertThat(post("/set-txt", "").statusCode()).isEqualTo(400);
        assertThat(post("/set-txt", "not json").statusCode()).isEqualTo(400);
        assertThat(post("/add-a", "{\"host\":\"a.example.test\",\"addresses\":[\"127.0.0.5\"]}").statusCode())
                .isEqualTo(200);
        assertThat(query(dns.address(), "a.example.test.", Type.A).getSection(Section.ANSWER))
                .extracting(Record::rdataToString).containsExactly("127.0.0.5");
        assertThat(post("/add-a", "{\"host\":\"a.example.test\",\"addresses\":[]}").statusCode()).isEqualTo(400);
        assertThat(post("/clear-a", "{\"host\":\"a.example.test\"}").statusCode()).isEqualTo(200);
        assertThat(post("/add-aaaa", "{\"host\":\"a.example.test\",\"addresses\":[\"::1\"]}").statusCode())
                .isEqualTo(200);
        assertThat(query(dns.address(), "a.example.test.", Type.AAAA).getSection(Section.ANSWER)).hasSize(1);
        assertThat(post("/clear-aaaa", "{\"host\":\"a.example.test\"}").statusCode()).isEqualTo(200);
        assertThat(post("/set-cname", "{\"host\":\"c.example.test\",\"target\":\"a.example.test\"}").statusCode())
                .isEqualTo(200);
        assertThat(post("/clear-cname", "{\"host\":\"c.example.test\"}").statusCode()).isEqualTo(200);
        assertThat(post("/set-default-ipv4", "{\"ip\":\"127.0.0.7\"}").statusCode()).isEqualTo(200);
        assertThat(query(dns.address(), "whatever.example.test.", Type.A).getSection(Section.ANSWER))
                .extracting(Record::rdataToString).containsExactly("127.0.0.7");
        assertThat(post("/set-default-ipv4", "{\"ip\":\"\"}").statusCode()).isEqualTo(200);
        assertThat(post("/set-default-ipv6", "{\"ip\":\"::1\"}").statusCode()).isEqualTo(200);
        assertThat(post("/set-default-ipv6", "{\"ip\":\"\"}").statusCode()).isEqualTo(200);
        assertThat(post("/nope", "{}").statusCode()).isEqualTo(404);
    }

    @Test
    void answersThousandsOfQueriesPerSecond() throws Exception {
        dns.addTxt("_acme-challenge.fast.example.test", "v");
        org.xbill.DNS.SimpleResolver resolver = new org.xbill.DNS.SimpleResolver(dns.address());
        Message q = Message.newQuery(Record.newRecord(
                org.xbill.DNS.Name.fromString("_acme-challenge.fast.example.test."), Type.TXT, org.xbill.DNS.DClass.IN));
        for (int i = 0; i < 200; i++) {
            resolver.send(q);
        }
        long start = System.nanoTime();
        int n = 2000;
        for (int i = 0; i < n; i++) {
            resolver.send(q);
        }
        double perSecond = n / ((System.nanoTime() - start) / 1e9);
        assertThat(perSecond).as("one client thread; typically several thousand").isGreaterThan(500);
    }
}
