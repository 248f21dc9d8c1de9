package dev.certpilot.dns.namecheap;

import dev.certpilot.dns.internal.ApiRequest;
import dev.certpilot.dns.internal.ApiResponse;
import dev.certpilot.dns.internal.ErrorMessage;
import dev.certpilot.dns.internal.HttpApi;
import dev.certpilot.dns.internal.Secret;
import dev.certpilot.dns.internal.Xml;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import java.util.function.Supplier;
import org.w3c.dom.Element;

/**
 * The calls certpilot makes to the Namecheap API (https://www.namecheap.com/support/api/methods/), and nothing else:
 * <ul>
 *   <li>{@code GET /xml.response?...&Command=namecheap.domains.dns.getHosts&SLD=<sld>&TLD=<tld>}: every host record
 *       of a domain (https://www.namecheap.com/support/api/methods/domains-dns/get-hosts/);</li>
 *   <li>{@code POST /xml.response} with {@code Command=namecheap.domains.dns.setHosts} and {@code HostName<n>},
 *       {@code RecordType<n>}, {@code Address<n>}, {@code MXPref<n>}, {@code TTL<n>}, {@code EmailType}: replaces
 *       <em>every</em> host record of the domain (https://www.namecheap.com/support/api/methods/domains-dns/set-hosts/).</li>
 * </ul>
 * Every call carries the global parameters {@code ApiUser}, {@code ApiKey}, {@code UserName}, {@code ClientIp}
 * (https://www.namecheap.com/support/api/global-parameters/). Answers are XML {@code <ApiResponse Status="OK|ERROR">};
 * errors come with HTTP 200 as {@code <Errors><Error Number="...">text</Error></Errors>}.
 */
final class NamecheapApi {

    /** Global error numbers that mean "these credentials or this client address are not accepted". */
    private static final Set<String> AUTH_ERRORS = Set.of("1010101", "1010102", "1011102", "1030408", "1050900",
            "1011150", "1017150", "1017105", "1017101", "1019103", "1016103", "1017103", "1017411");
    /** getHosts errors that mean "no such domain in this account". */
    private static final Set<String> NO_DOMAIN = Set.of("2019166", "2016166");

    /** One host record exactly as Namecheap holds it. */
    record Host(String name, String type, String address, String mxPref, String ttl) {
    }

    /** A domain's host records and its mail setting. */
    record Hosts(String emailType, List<Host> hosts) {
    }

    private final HttpApi api;
    private final String apiUser;
    private final Secret apiKey;
    private final Supplier<String> clientIp;

    NamecheapApi(HttpApi api, String apiUser, Secret apiKey, Supplier<String> clientIp) {
        this.api = api;
        this.apiUser = apiUser;
        this.apiKey = apiKey;
        this.clientIp = clientIp;
    }

    /** {@code number: text} of every {@code <Error>}. */
    static ErrorMessage errorMessage() {
        return response -> {
            try {
                StringJoiner out = new StringJoiner("; ");
                for (Element e : Xml.descendants(Xml.parse(response.body()), "Error")) {
                    out.add(e.getAttribute("Number") + ": " + e.getTextContent().strip());
                }
                return out.length() == 0 ? response.text() : out.toString();
            } catch (IllegalArgumentException e) {
                return response.text();
            }
        };
    }

    /** The domain's host records, or empty when the account has no such domain. */
    Optional<Hosts> getHosts(String sld, String tld) {
        ApiRequest query = ApiRequest.get("/xml.response");
        for (Map.Entry<String, String> e : globals("namecheap.domains.dns.getHosts").entrySet()) {
            query = query.query(e.getKey(), e.getValue());
        }
        ApiRequest request = query.query("SLD", sld).query("TLD", tld);
        ApiResponse response = api.send(request);
        Element root = parse(request, response);
        if (isError(root)) {
            if (errorNumbers(root).stream().anyMatch(NO_DOMAIN::contains)) {
                return Optional.empty();
            }
            throw failure(request, response, root);
        }
        Element result = Xml.descendants(root, "DomainDNSGetHostsResult").stream().findFirst()
                .orElseThrow(() -> api.failure(request, response));
        List<Host> hosts = new ArrayList<>();
        for (Element h : Xml.children(result, "host")) {
            hosts.add(new Host(h.getAttribute("Name"), h.getAttribute("Type"), h.getAttribute("Address"),
                    h.getAttribute("MXPref"), h.getAttribute("TTL")));
        }
        return Optional.of(new Hosts(result.getAttribute("EmailType"), hosts));
    }

    /** Replaces every host record of the domain with {@code hosts}, keeping its mail setting. */
    void setHosts(String sld, String tld, Hosts hosts) {
        Map<String, String> form = new LinkedHashMap<>(globals("namecheap.domains.dns.setHosts"));
        form.put("SLD", sld);
        form.put("TLD", tld);
        if (!hosts.emailType().isEmpty()) {
            form.put("EmailType", hosts.emailType());
        }
        int i = 1;
        for (Host h : hosts.hosts()) {
            form.put("HostName" + i, h.name());
            form.put("RecordType" + i, h.type());
            form.put("Address" + i, h.address());
            form.put("MXPref" + i, h.mxPref());
            form.put("TTL" + i, h.ttl());
            i++;
        }
        ApiRequest request = ApiRequest.form("/xml.response", form);
        ApiResponse response = api.send(request);
        Element root = parse(request, response);
        boolean success = Xml.descendants(root, "DomainDNSSetHostsResult").stream()
                .anyMatch(r -> "true".equalsIgnoreCase(r.getAttribute("IsSuccess")));
        if (isError(root) || !success) {
            throw failure(request, response, root);
        }
    }

    private Map<String, String> globals(String command) {
        Map<String, String> g = new LinkedHashMap<>();
        g.put("ApiUser", apiUser);
        g.put("ApiKey", apiKey.reveal());
        g.put("UserName", apiUser);
        g.put("ClientIp", clientIp.get());
        g.put("Command", command);
        return g;
    }

    private Element parse(ApiRequest request, ApiResponse response) {
        try {
            return Xml.parse(response.body());
        } catch (IllegalArgumentException e) {
            throw api.failure(request, response);
        }
    }

    private RuntimeException failure(ApiRequest request, ApiResponse response, Element root) {
        return api.failure(request, response, errorNumbers(root).stream().anyMatch(AUTH_ERRORS::contains));
    }

    private static boolean isError(Element root) {
        return "ERROR".equalsIgnoreCase(root.getAttribute("Status"));
    }

    private static List<String> errorNumbers(Element root) {
        return Xml.descendants(root, "Error").stream().map(e -> e.getAttribute("Number")).toList();
    }
}
