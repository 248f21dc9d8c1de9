package dev.certpilot.dns.namecheap;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;

import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import dev.certpilot.dns.internal.Xml;
import dev.certpilot.dns.testing.FakeApi;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Namecheap XML API as documented:
 * <ul>
 *   <li>global parameters (https://www.namecheap.com/support/api/global-parameters/): {@code ApiUser}, {@code ApiKey},
 *       {@code UserName}, {@code ClientIp}, {@code Command}, in the query or a POSTed form; a wrong key is error
 *       1011102 "API Key is invalid or API access has not been enabled", an address not allow-listed 1011150
 *       "Parameter RequestIP is invalid", both with HTTP 200 and {@code Status="ERROR"};</li>
 *   <li>namecheap.domains.dns.getHosts (https://www.namecheap.com/support/api/methods/domains-dns/get-hosts/):
 *       {@code <DomainDNSGetHostsResult Domain EmailType IsUsingOurDNS>} with {@code <host HostId Name Type Address
 *       MXPref TTL .../>}; an unknown domain is 2019166 "Domain not found";</li>
 *   <li>namecheap.domains.dns.setHosts (https://www.namecheap.com/support/api/methods/domains-dns/set-hosts/):
 *       replaces all host records with {@code HostName<n>}, {@code RecordType<n>}, {@code Address<n>},
 *       {@code MXPref<n>}, {@code TTL<n>} (60 to 60000) and {@code EmailType}; answers
 *       {@code <DomainDNSSetHostsResult IsSuccess="true">}.</li>
 * </ul>
 */
final class NamecheapFake extends FakeApi {

    static final String USER = "certpilot";
    static final String KEY = "56b4c87ef4fd49cb96d915c0db68194d";
    static final String CLIENT_IP = "192.0.2.45";

    private static final Set<String> TYPES = Set.of("A", "AAAA", "ALIAS", "CAA", "CNAME", "MX", "MXE", "NS", "TXT",
            "URL", "URL301", "FRAME");

    /** Domains: name to {emailType, hosts}. */
    private final Map<String, String> emailTypes = new LinkedHashMap<>();
    private final Map<String, List<Map<String, String>>> hosts = new LinkedHashMap<>();
    private int nextHostId = 217070;
    int setHostsCalls;

    NamecheapFake(String... domains) {
        for (String d : domains) {
            emailTypes.put(d, "MX");
            List<Map<String, String>> list = new ArrayList<>();
            list.add(host("@", "A", "192.0.2.1", "10", "1800"));
            list.add(host("www", "CNAME", d + ".", "10", "1800"));
            list.add(host("@", "MX", "mail." + d + ".", "20", "3600"));
            list.add(host("@", "TXT", "v=spf1 include:_spf.example.net ~all", "10", "1799"));
            list.add(host("old", "URL301", "https://www." + d + "/new", "10", "1800"));
            hosts.put(d, list);
        }
    }

    private Map<String, String> host(String name, String type, String address, String mxPref, String ttl) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("HostId", String.valueOf(nextHostId++));
        h.put("Name", name);
        h.put("Type", type);
        h.put("Address", address);
        h.put("MXPref", mxPref);
        h.put("TTL", ttl);
        return h;
    }

    @Override
    protected ResponseDefinition handle(Request request) {
        if (!path(request).equals("/xml.response")) {
            return aResponse().withStatus(404).withBody("Not Found").build();
        }
        Map<String, String> p = new LinkedHashMap<>(query(request));
        if ("POST".equals(request.getMethod().getName())) {
            for (String pair : request.getBodyAsString().split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    p.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        String command = p.getOrDefault("Command", "");
        if (!USER.equals(p.get("ApiUser")) || !KEY.equals(p.get("ApiKey"))) {
            return error(command, "1011102", "API Key is invalid or API access has not been enabled");
        }
        if (!USER.equals(p.get("UserName"))) {
            return error(command, "1016103", "Parameter UserName is unauthorized");
        }
        if (!CLIENT_IP.equals(p.get("ClientIp"))) {
            return error(command, "1011150", "Parameter RequestIP is invalid");
        }
        String domain = p.get("SLD") + "." + p.get("TLD");
        if (!hosts.containsKey(domain)) {
            return error(command, "2019166", "Domain not found");
        }
        return switch (command) {
            case "namecheap.domains.dns.getHosts" -> getHosts(domain);
            case "namecheap.domains.dns.setHosts" -> setHosts(domain, p);
            default -> error(command, "1010104", "Parameter Command is missing");
        };
    }

    private ResponseDefinition getHosts(String domain) {
        StringBuilder out = new StringBuilder("<DomainDNSGetHostsResult Domain=\"" + domain + "\" EmailType=\""
                + emailTypes.get(domain) + "\" IsUsingOurDNS=\"true\">");
        for (Map<String, String> h : hosts.get(domain)) {
            out.append("<host");
            h.forEach((k, v) -> out.append(' ').append(k).append("=\"").append(Xml.escape(v)).append('"'));
            out.append(" AssociatedAppTitle=\"\" FriendlyName=\"\" IsActive=\"true\" IsDDNSEnabled=\"false\" />");
        }
        out.append("</DomainDNSGetHostsResult>");
        return ok("namecheap.domains.dns.getHosts", out.toString());
    }

    private ResponseDefinition setHosts(String domain, Map<String, String> p) {
        List<Map<String, String>> next = new ArrayList<>();
        for (int i = 1; p.containsKey("HostName" + i); i++) {
            String type = p.getOrDefault("RecordType" + i, "");
            if (!TYPES.contains(type)) {
                return error("namecheap.domains.dns.setHosts", "2050900", "Invalid RecordType" + i);
            }
            int ttl = Integer.parseInt(p.getOrDefault("TTL" + i, "1800"));
            if (ttl < 60 || ttl > 60000) {
                return error("namecheap.domains.dns.setHosts", "2050900", "Invalid TTL" + i);
            }
            if (!p.containsKey("Address" + i)) {
                return error("namecheap.domains.dns.setHosts", "2050900", "Address" + i + " is missing");
            }
            next.add(host(p.get("HostName" + i), type, p.get("Address" + i), p.getOrDefault("MXPref" + i, "10"),
                    String.valueOf(ttl)));
        }
        setHostsCalls++;
        hosts.put(domain, next);
        emailTypes.put(domain, p.getOrDefault("EmailType", ""));
        return ok("namecheap.domains.dns.setHosts", "<DomainDNSSetHostsResult Domain=\"" + domain
                + "\" IsSuccess=\"true\"><Warnings /></DomainDNSSetHostsResult>");
    }

    private static ResponseDefinition ok(String command, String result) {
        return xml("<ApiResponse Status=\"OK\" xmlns=\"http://api.namecheap.com/xml.response\"><Errors /><Warnings />"
                + "<RequestedCommand>" + command + "</RequestedCommand><CommandResponse Type=\"" + command + "\">"
                + result + "</CommandResponse><Server>PHX01SBAPI01</Server><GMTTimeDifference>--5:00"
                + "</GMTTimeDifference><ExecutionTime>0.32</ExecutionTime></ApiResponse>");
    }

    private static ResponseDefinition error(String command, String number, String text) {
        return xml("<ApiResponse Status=\"ERROR\" xmlns=\"http://api.namecheap.com/xml.response\"><Errors>"
                + "<Error Number=\"" + number + "\">" + Xml.escape(text) + "</Error></Errors><Warnings />"
                + "<RequestedCommand>" + command + "</RequestedCommand><Server>PHX01SBAPI01</Server>"
                + "<GMTTimeDifference>--5:00</GMTTimeDifference><ExecutionTime>0</ExecutionTime></ApiResponse>");
    }

    private static ResponseDefinition xml(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "text/xml; charset=utf-8")
                .withBody("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n" + body).build();
    }

    /** Every host record of the domain as {@code name type address mxpref ttl} lines, and its EmailType. */
    synchronized List<String> snapshot(String domain) {
        List<String> out = new ArrayList<>();
        out.add("EmailType=" + emailTypes.get(domain));
        for (Map<String, String> h : hosts.get(domain)) {
            out.add(h.get("Name") + " " + h.get("Type") + " " + h.get("Address") + " " + h.get("MXPref") + " "
                    + h.get("TTL"));
        }
        return out;
    }

    @Override
    public synchronized Set<String> txtValues(String fqdn) {
        Set<String> out = new LinkedHashSet<>();
        hosts.forEach((domain, list) -> {
            for (Map<String, String> h : list) {
                String name = h.get("Name").equals("@") ? domain : h.get("Name") + "." + domain;
                if (name.equalsIgnoreCase(fqdn) && "TXT".equals(h.get("Type"))) {
                    out.add(h.get("Address"));
                }
            }
        });
        return out;
    }
}
